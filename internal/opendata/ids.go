package opendata

// Checks and normalisers for the identifiers Dutch open data uses. They are
// shared by the readers and return false (or "") rather than failing.

// IsBRIN reports whether s is a BRIN institution code: 4 upper-case letters
// or digits (in practice 2 digits and 2 letters, e.g. "25LX").
func IsBRIN(s string) bool {
	if len(s) != 4 {
		return false
	}
	for i := 0; i < 4; i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// IsBRINVest reports whether s is a BRIN followed by a 2-digit vestiging
// number, e.g. "25LX00".
func IsBRINVest(s string) bool {
	return len(s) == 6 && IsBRIN(s[:4]) && isDigits(s[4:])
}

// IsCrebo reports whether s is a crebo code: exactly 5 digits.
func IsCrebo(s string) bool { return len(s) == 5 && isDigits(s) }

// IsPC4 reports whether s is a PC4 postcode: four digits, the first not 0.
func IsPC4(s string) bool { return len(s) == 4 && s[0] != '0' && isDigits(s) }

// NormalizePostcode returns a Dutch postcode in the form "1234 AB" (or
// "1234" when only the digits are given), accepting any case and spacing
// ("1234ab", " 1234 AB "). It returns "" and false for anything else.
func NormalizePostcode(s string) (string, bool) {
	var b [6]byte
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '\t' {
			continue
		}
		if n == len(b) {
			return "", false
		}
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		b[n] = c
		n++
	}
	if (n != 4 && n != 6) || !IsPC4(string(b[:4])) {
		return "", false
	}
	if n == 4 {
		return string(b[:4]), true
	}
	if b[4] < 'A' || b[4] > 'Z' || b[5] < 'A' || b[5] > 'Z' {
		return "", false
	}
	return string(b[:4]) + " " + string(b[4:6]), true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
