package vat

// Check-digit arithmetic shared by the national rules in numberrules.go. Every
// function takes ASCII digits that the caller has already checked.

// weighted returns Σ w[i]·d[i] over the shorter of the two.
func weighted(d []byte, w ...int) int {
	s := 0
	for i := 0; i < len(d) && i < len(w); i++ {
		s += w[i] * int(d[i]-'0')
	}
	return s
}

// luhnSum returns the Luhn sum of d: from the right, every second digit is
// doubled and its digits added. A number is Luhn-valid when the sum of the
// whole number is ≡ 0 (mod 10).
func luhnSum(d []byte) int {
	s := 0
	for i := len(d) - 1; i >= 0; i-- {
		v := int(d[i] - '0')
		if (len(d)-1-i)%2 == 1 {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		s += v
	}
	return s
}

// luhnValid reports whether d passes the Luhn check.
func luhnValid(d []byte) bool { return luhnSum(d)%10 == 0 }

// luhnCheckDigit returns the digit that makes d followed by it Luhn-valid.
func luhnCheckDigit(d []byte) int {
	// Appending a digit shifts the doubling by one place: compute the sum as if
	// a 0 stood at the end.
	s := 0
	for i := len(d) - 1; i >= 0; i-- {
		v := int(d[i] - '0')
		if (len(d)-1-i)%2 == 0 {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		s += v
	}
	return (10 - s%10) % 10
}

// mod1110Valid reports whether d passes ISO 7064 MOD 11,10 (hybrid system):
// p starts at 10; for each digit p = (((p + d) mod 10, or 10 if 0) · 2) mod 11;
// the number is valid when (p + last digit) mod 10 = 1.
func mod1110Valid(d []byte) bool {
	if len(d) == 0 {
		return false
	}
	p := 10
	for _, c := range d[:len(d)-1] {
		s := (p + int(c-'0')) % 10
		if s == 0 {
			s = 10
		}
		p = s * 2 % 11
	}
	return (p+int(d[len(d)-1]-'0'))%10 == 1
}

// mod9710 continues the ISO 7064 MOD 97-10 remainder r over s, reading letters
// as two-digit numbers (A=10 … Z=35).
func mod9710[T string | []byte](r int, s T) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isDigit(c):
			r = (r*10 + int(c-'0')) % 97
		case 'A' <= c && c <= 'Z':
			r = (r*100 + int(c-'A') + 10) % 97
		}
	}
	return r
}

// atoi returns the value of the digits d (at most 18 of them).
func atoi(d []byte) int {
	v := 0
	for _, c := range d {
		v = v*10 + int(c-'0')
	}
	return v
}

// validDate reports whether y-m-d is a date of the proleptic Gregorian calendar.
func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m]
	if m == 2 && (y%4 == 0 && y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return d <= days
}
