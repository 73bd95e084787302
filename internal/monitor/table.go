package monitor

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strconv"
)

// Dim names a dimension column of a [Table].
type Dim uint8

// The dimensions of a fact. Region is whatever region the importer assigns
// (normally the labour-market region AM##); COROP and province totals are
// obtained with [Query.Rollup] over DimMunicipality or DimRegion.
const (
	DimRegion        Dim = iota // region code, e.g. AM15
	DimMunicipality             // CBS municipality code, e.g. GM0193
	DimYear                     // calendar year of the count (1 October)
	DimSchool                   // institution (BRIN) or school location (BRIN+vestiging)
	DimSector                   // sector: techniek, economie, zorg en welzijn, ...
	DimDomain                   // opleidingsdomein or CROHO subonderdeel
	DimQualification            // crebo or CROHO code
	DimLevel                    // mbo level 1-4, hbo ad/bachelor/master, vmbo b/k/g/t
	DimPathway                  // BOL/BBL, voltijd/deeltijd/duaal
	DimSex                      // man/vrouw
	DimStage                    // vmbo, mbo, hbo, wo
	DimKind                     // enrolment, first_year, diploma, exam_candidate ...
	NumDims          int = iota // number of dimensions
)

var dimNames = [...]string{"region", "municipality", "year", "school", "sector", "domain",
	"qualification", "level", "pathway", "sex", "stage", "kind"}

// String returns the English name of the dimension, or "dim(N)" when d is
// out of range.
func (d Dim) String() string {
	if int(d) < len(dimNames) {
		return dimNames[d]
	}
	return "dim(" + strconv.Itoa(int(d)) + ")"
}

func (d Dim) valid() bool { return int(d) < NumDims }

// maxCodes is the number of distinct values a dimension may hold.
const maxCodes = math.MaxUint16 + 1

// Dict maps the values of one dimension to small integer codes and back. A
// frozen table's dictionaries are sorted (years numerically, the rest as
// strings), so codes order like their values.
type Dict struct {
	values []string
	index  map[string]uint16
}

func newDict() *Dict { return &Dict{index: make(map[string]uint16)} }

// Len returns the number of distinct values.
func (d *Dict) Len() int { return len(d.values) }

// Value returns the value of code c, or "" when c is out of range.
func (d *Dict) Value(c uint16) string {
	if int(c) < len(d.values) {
		return d.values[c]
	}
	return ""
}

// Code returns the code of value v and whether v occurs.
func (d *Dict) Code(v string) (uint16, bool) {
	c, ok := d.index[v]
	return c, ok
}

// Values returns a copy of all values in code order.
func (d *Dict) Values() []string { return slices.Clone(d.values) }

func (d *Dict) intern(v string) (uint16, error) {
	if c, ok := d.index[v]; ok {
		return c, nil
	}
	if len(d.values) >= maxCodes {
		return 0, fmt.Errorf("more than %d distinct values: %w", maxCodes, ErrInvalid)
	}
	c := uint16(len(d.values))
	d.values = append(d.values, v)
	d.index[v] = c
	return c, nil
}

// Fact is one row for [Builder.Append]: one count for one combination of
// dimension values. Empty strings are allowed and form their own value.
// Every aggregate sums whatever rows match, so append each count once:
// when a file publishes men, women and a total, append the split or the
// total, never both.
type Fact struct {
	Region, Municipality, School, Sector, Domain, Qualification string
	Level, Pathway, Sex, Stage, Kind                            string
	Year                                                        int
	// Count is the published count. It is ignored when Suppressed is set:
	// a suppressed cell counts as 1..4 in every total.
	Count int64
	// Suppressed marks a DUO cell published as "<5" (or 4 with
	// INDICATIEAVG="J").
	Suppressed bool
}

// Codes holds one code per dimension, for [Builder.AppendCodes].
type Codes [NumDims]uint16

// Builder collects facts and freezes them into a [Table]. It is not safe for
// concurrent use. The zero value is not usable: call [NewBuilder].
type Builder struct {
	dicts  [NumDims]*Dict
	cols   [NumDims][]uint16
	counts []uint32
	supp   []uint64
	n      int
}

// NewBuilder returns an empty builder.
func NewBuilder() *Builder {
	b := &Builder{}
	for i := range b.dicts {
		b.dicts[i] = newDict()
	}
	return b
}

// Len returns the number of rows appended so far.
func (b *Builder) Len() int { return b.n }

// Intern returns the code of value v in dimension d, adding it when new. It
// fails with ErrInvalid for an unknown dimension or a dimension that already
// holds 65,536 values.
func (b *Builder) Intern(d Dim, v string) (uint16, error) {
	if !d.valid() {
		return 0, fmt.Errorf("intern: unknown dimension %d: %w", d, ErrInvalid)
	}
	c, err := b.dicts[d].intern(v)
	if err != nil {
		return 0, fmt.Errorf("intern %s %q: %w", d, v, err)
	}
	return c, nil
}

// Append adds one fact. It fails with ErrInvalid for a negative count, a
// count above 4,294,967,294 or a dimension with too many values; the builder
// is unchanged on failure.
func (b *Builder) Append(f Fact) error {
	vals := [NumDims]string{f.Region, f.Municipality, strconv.Itoa(f.Year), f.School, f.Sector,
		f.Domain, f.Qualification, f.Level, f.Pathway, f.Sex, f.Stage, f.Kind}
	if err := checkCount(f.Count, f.Suppressed); err != nil {
		return err
	}
	var c Codes
	for d, v := range vals {
		code, err := b.Intern(Dim(d), v)
		if err != nil {
			return err
		}
		c[d] = code
	}
	return b.AppendCodes(c, f.Count, f.Suppressed)
}

func checkCount(count int64, suppressed bool) error {
	if !suppressed && (count < 0 || count >= math.MaxUint32) {
		return fmt.Errorf("count %d out of range 0..%d: %w", count, uint32(math.MaxUint32-1), ErrInvalid)
	}
	return nil
}

// AppendCodes adds one fact given as codes from [Builder.Intern]; it is the
// fast path for importers that intern each value once. It fails with
// ErrInvalid when a code was never interned or the count is out of range.
func (b *Builder) AppendCodes(c Codes, count int64, suppressed bool) error {
	if err := checkCount(count, suppressed); err != nil {
		return err
	}
	for d, code := range c {
		if int(code) >= b.dicts[d].Len() {
			return fmt.Errorf("append: code %d not interned in %s: %w", code, Dim(d), ErrInvalid)
		}
	}
	if suppressed {
		count = 0
		if b.n/64 >= len(b.supp) {
			b.supp = append(b.supp, make([]uint64, b.n/64+1-len(b.supp))...)
		}
		b.supp[b.n/64] |= 1 << (b.n % 64)
	}
	for d, code := range c {
		b.cols[d] = append(b.cols[d], code)
	}
	b.counts = append(b.counts, uint32(count))
	b.n++
	return nil
}

// Freeze returns the table of all rows appended so far. Dictionaries are
// sorted (years numerically) and every column is stored in the narrowest
// integer type that holds it. It fails with ErrInvalid when a year value is
// not an integer. The builder stays usable; later appends do not change the
// returned table.
func (b *Builder) Freeze() (*Table, error) {
	t := &Table{n: b.n}
	for d := range NumDims {
		dict, remap, err := sortedDict(b.dicts[d], Dim(d) == DimYear)
		if err != nil {
			return nil, fmt.Errorf("freeze: %w", err)
		}
		t.dicts[d] = dict
		t.cols[d] = narrowColumn(b.cols[d], remap, dict.Len())
	}
	t.years = make([]int, t.dicts[DimYear].Len())
	for i, v := range t.dicts[DimYear].values {
		t.years[i], _ = strconv.Atoi(v) // validated by sortedDict
	}
	var maxCount uint32
	var total uint64
	for _, c := range b.counts {
		maxCount = max(maxCount, c)
		total += uint64(c)
	}
	t.supp = make([]uint64, (b.n+63)/64)
	copy(t.supp, b.supp)
	for _, w := range t.supp {
		t.nSupp += bits.OnesCount64(w)
	}
	// Suppressed rows hold the all-ones sentinel in the count column, so
	// that the kernels count them without reading the bitset.
	if maxCount < math.MaxUint16 {
		t.count16 = make([]uint16, b.n)
		for i, c := range b.counts {
			t.count16[i] = uint16(c)
		}
	} else {
		t.count32 = slices.Clone(b.counts)
	}
	for i := range b.n {
		if t.suppressed(i) {
			if t.count16 != nil {
				t.count16[i] = math.MaxUint16
			} else {
				t.count32[i] = math.MaxUint32
			}
		}
	}
	t.packed = total < 1<<packShift && t.nSupp < 1<<(64-packShift)
	t.rollup = buildRollup(t)
	return t, nil
}

// sortedDict returns a sorted copy of d and the map old code -> new code.
func sortedDict(d *Dict, numeric bool) (*Dict, []uint16, error) {
	order := make([]int, len(d.values))
	keys := make([]int, len(d.values))
	for i := range order {
		order[i] = i
		if numeric {
			y, err := strconv.Atoi(d.values[i])
			if err != nil {
				return nil, nil, fmt.Errorf("year %q is not an integer: %w", d.values[i], ErrInvalid)
			}
			keys[i] = y
		}
	}
	slices.SortFunc(order, func(a, b int) int {
		if numeric {
			return keys[a] - keys[b]
		}
		switch {
		case d.values[a] < d.values[b]:
			return -1
		case d.values[a] > d.values[b]:
			return 1
		}
		return 0
	})
	out := &Dict{values: make([]string, len(order)), index: make(map[string]uint16, len(order))}
	remap := make([]uint16, len(order))
	for newCode, old := range order {
		out.values[newCode] = d.values[old]
		out.index[d.values[old]] = uint16(newCode)
		remap[old] = uint16(newCode)
	}
	return out, remap, nil
}

func narrowColumn(src []uint16, remap []uint16, card int) column {
	if card <= 256 {
		c := make([]uint8, len(src))
		for i, v := range src {
			c[i] = uint8(remap[v])
		}
		return column{u8: c}
	}
	c := make([]uint16, len(src))
	for i, v := range src {
		c[i] = remap[v]
	}
	return column{u16: c}
}

// column holds one dimension's codes: exactly one of u8 and u16 is in use.
type column struct {
	u8  []uint8
	u16 []uint16
}

func (c column) at(i int) uint16 {
	if c.u8 != nil {
		return uint16(c.u8[i])
	}
	return c.u16[i]
}

// Table is an immutable columnar fact table: one dictionary-encoded column
// per [Dim], a count column and a suppressed bitset. It is safe for
// concurrent use by many readers.
type Table struct {
	n       int
	dicts   [NumDims]*Dict
	cols    [NumDims]column
	count16 []uint16 // used when every count fits, else count32; all ones = suppressed
	count32 []uint32
	supp    []uint64
	nSupp   int
	packed  bool  // sums and suppressed counts fit one uint64 accumulator
	years   []int // year code -> year

	count64  []uint64      // rollups only: packed sum | suppressed<<packShift
	rollup   *Table        // pre-aggregated copy, or nil (see rollup.go)
	inRollup [NumDims]bool // rollups only: the dimensions kept
	noRollup bool          // tests and benchmarks: always scan the base table
}

// Len returns the number of rows.
func (t *Table) Len() int { return t.n }

// SuppressedRows returns the number of rows flagged suppressed.
func (t *Table) SuppressedRows() int { return t.nSupp }

// Dict returns the dictionary of dimension d, or nil for an unknown d.
func (t *Table) Dict(d Dim) *Dict {
	if !d.valid() {
		return nil
	}
	return t.dicts[d]
}

// Years returns the distinct years in the table, ascending.
func (t *Table) Years() []int { return slices.Clone(t.years) }

// Row returns row i as a [Fact], for debugging and export; ok is false when
// i is out of range.
func (t *Table) Row(i int) (f Fact, ok bool) {
	if i < 0 || i >= t.n {
		return Fact{}, false
	}
	v := func(d Dim) string { return t.dicts[d].Value(t.cols[d].at(i)) }
	f = Fact{Region: v(DimRegion), Municipality: v(DimMunicipality), School: v(DimSchool),
		Sector: v(DimSector), Domain: v(DimDomain), Qualification: v(DimQualification),
		Level: v(DimLevel), Pathway: v(DimPathway), Sex: v(DimSex), Stage: v(DimStage), Kind: v(DimKind),
		Year: t.years[t.cols[DimYear].at(i)], Suppressed: t.suppressed(i)}
	if !f.Suppressed {
		f.Count = int64(t.count(i))
	}
	return f, true
}

// count returns the exact count of row i, 0 for a suppressed row.
func (t *Table) count(i int) uint32 {
	if t.suppressed(i) {
		return 0
	}
	if t.count16 != nil {
		return uint32(t.count16[i])
	}
	return t.count32[i]
}

func (t *Table) suppressed(i int) bool { return t.supp[i/64]&(1<<(i%64)) != 0 }

// Bytes returns the approximate memory held by the table's columns.
func (t *Table) Bytes() int {
	n := len(t.count16)*2 + len(t.count32)*4 + len(t.supp)*8
	for _, c := range t.cols {
		n += len(c.u8) + 2*len(c.u16)
	}
	if t.rollup != nil {
		n += t.rollup.Bytes()
	}
	return n + 8*len(t.count64)
}
