package monitor_test

import (
	"fmt"

	"talentloket/internal/monitor"
)

// Build a table from facts, aggregate technical inflow per region and
// year, and read one region's series. The suppressed cell makes 2020 a
// range.
func Example() {
	b := monitor.NewBuilder()
	facts := []monitor.Fact{
		{Region: "AM15", School: "25LX", Year: 2019, Sector: "techniek", Stage: "mbo", Kind: monitor.KindFirstYear, Count: 120},
		{Region: "AM15", School: "01OE", Year: 2019, Sector: "techniek", Stage: "mbo", Kind: monitor.KindFirstYear, Count: 35},
		{Region: "AM15", School: "25LX", Year: 2020, Sector: "techniek", Stage: "mbo", Kind: monitor.KindFirstYear, Count: 131},
		{Region: "AM15", School: "01OE", Year: 2020, Sector: "techniek", Stage: "mbo", Kind: monitor.KindFirstYear, Suppressed: true},
		{Region: "AM15", School: "25LX", Year: 2020, Sector: "economie", Stage: "mbo", Kind: monitor.KindFirstYear, Count: 300},
	}
	for _, f := range facts {
		if err := b.Append(f); err != nil {
			fmt.Println(err)
			return
		}
	}
	t, err := b.Freeze()
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := t.Aggregate(monitor.Query{
		GroupBy: []monitor.Dim{monitor.DimRegion, monitor.DimYear},
		Where:   []monitor.Filter{monitor.Eq(monitor.DimSector, monitor.SectorTechnology), monitor.Eq(monitor.DimKind, monitor.KindFirstYear)},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	s, _ := r.Series("AM15")
	for _, p := range s {
		fmt.Printf("%d: %d..%d (exact part %d, %d suppressed cell)\n", p.Year, p.Count.Lower, p.Count.Upper, p.Count.Sum, p.Count.SuppressedCells)
	}
	// Output:
	// 2019: 155..155 (exact part 155, 0 suppressed cell)
	// 2020: 132..135 (exact part 131, 1 suppressed cell)
}

// Publish a region x level table with DUO's small-count rule: the 3 is
// blanked, and so are three more cells so that it cannot be recovered
// from the totals.
func ExampleSuppress() {
	g := monitor.Grid{
		Rows: []string{"AM15", "AM21"},
		Cols: []string{"niveau 2", "niveau 3", "niveau 4"},
		Cells: [][]monitor.Count{
			{monitor.Exact(3), monitor.Exact(40), monitor.Exact(85)},
			{monitor.Exact(12), monitor.Exact(55), monitor.Exact(90)},
		},
	}
	p, err := monitor.Suppress(g, monitor.Policy{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for r, row := range p.Cells {
		fmt.Print(p.Rows[r])
		for _, c := range row {
			if c.Suppressed {
				fmt.Print("\t-")
			} else {
				fmt.Printf("\t%d", c.Value.Sum)
			}
		}
		fmt.Printf("\t| %d\n", p.RowTotals[r].Value.Sum)
	}
	fmt.Println(p.Suppressed)
	// Output:
	// AM15	-	-	85	| 128
	// AM21	-	-	90	| 157
	// [{0 0} {0 1} {1 0} {1 1}]
}
