package vat

func checkFR(d []byte) (string, error) {
	const keys = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ" // no I, no O
	if len(d) != 11 || !allDigits(d[2:]) {
		return "want a 2-character key and 9 digits", ErrFormat
	}
	k1, k2 := indexByte(keys, d[0]), indexByte(keys, d[1])
	if k1 < 0 || k2 < 0 {
		return "the key is digits or letters other than I and O", ErrFormat
	}
	siren := d[2:]
	// Monaco's numbers wrap a "000…" identifier that is no SIREN.
	if !(siren[0] == '0' && siren[1] == '0' && siren[2] == '0') && !luhnValid(siren) {
		return "", ErrChecksum
	}
	if k1 < 10 && k2 < 10 {
		return checkIf(k1*10+k2 == (atoi(siren)*100+12)%97)
	}
	var c int
	if k1 < 10 {
		c = k1*24 + k2 - 10
	} else {
		c = k1*34 + k2 - 100
	}
	return checkIf((atoi(siren)+1+c/11)%11 == c%11)
}

func indexByte(s string, b byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == b {
			return i
		}
	}
	return -1
}

// checkIE checks new-style numbers (7 digits, a check letter and, since 2013,
// an optional second letter) and old-style ones (a digit, a letter or + or *,
// 5 digits, a check letter).
func checkIE(d []byte) (string, error) {
	const alphabet = "WABCDEFGHIJKLMNOPQRSTUV" // W stands for 0
	if len(d) < 8 || len(d) > 9 || !isDigit(d[0]) || !allDigits(d[2:7]) {
		return "want 7 digits and 1 or 2 letters", ErrFormat
	}
	for _, b := range d[7:] {
		if indexByte(alphabet, b) < 0 {
			return "want 7 digits and 1 or 2 letters", ErrFormat
		}
	}
	var s int
	switch {
	case isDigit(d[1]):
		s = weighted(d, 8, 7, 6, 5, 4, 3, 2)
		if len(d) == 9 {
			s += 9 * indexByte(alphabet, d[8])
		}
	case len(d) == 8 && (isLetter(d[1]) || d[1] == '+' || d[1] == '*'):
		// Old style: read as 0, the five digits, then the first digit.
		s = weighted(d[2:7], 7, 6, 5, 4, 3) + 2*int(d[0]-'0')
	default:
		return "want 7 digits and 1 or 2 letters", ErrFormat
	}
	return checkIf(alphabet[s%23] == d[7])
}

func checkIT(d []byte) (string, error) {
	if !allDigits(d) || len(d) != 11 {
		return lengthReason(11), ErrFormat
	}
	if atoi(d[:7]) == 0 {
		return "the first 7 digits must not all be 0", ErrFormat
	}
	if office := atoi(d[7:10]); (office < 1 || office > 100) && office != 120 && office != 121 && office != 888 && office != 999 {
		return "no such tax office code", ErrFormat
	}
	return checkIf(luhnValid(d))
}

func checkLT(d []byte) (string, error) {
	if !allDigits(d) {
		return "only digits allowed", ErrFormat
	}
	switch {
	case len(d) == 9 && d[7] != '1':
		return "the 8th digit of a legal person's number is 1", ErrFormat
	case len(d) == 12 && d[10] != '1':
		return "the 11th digit of a temporary number is 1", ErrFormat
	case len(d) != 9 && len(d) != 12:
		return "want 9 or 12 digits", ErrFormat
	}
	body := d[:len(d)-1]
	s := 0
	for i, c := range body {
		s += (1 + i%9) * int(c-'0')
	}
	s %= 11
	if s == 10 {
		s = 0
		for i, c := range body {
			s += (1 + (i+2)%9) * int(c-'0')
		}
		s %= 11
	}
	return checkIf(s%10 == int(last(d)))
}

func checkLV(d []byte) (string, error) {
	if !allDigits(d) || len(d) != 11 {
		return lengthReason(11), ErrFormat
	}
	if d[0] > '3' { // legal entity
		return checkIf(weighted(d, 9, 1, 4, 8, 3, 10, 2, 5, 7, 6, 1)%11 == 3)
	}
	// Personal code: ddmmyy, a century digit (0 = 1800s, 1 = 1900s, 2 = 2000s),
	// then a serial. Codes starting with 32 carry no date.
	if !(d[0] == '3' && d[1] == '2') {
		y := 1800 + 100*int(d[6]-'0') + atoi(d[4:6])
		if !validDate(y, atoi(d[2:4]), atoi(d[0:2])) {
			return "no such birth date", ErrFormat
		}
	}
	return checkIf((1+weighted(d, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9))%11%10 == int(last(d)))
}

func checkNL(d []byte) (string, error) {
	if len(d) != 12 || !allDigits(d[:9]) || d[9] != 'B' || !allDigits(d[10:]) {
		return "want 9 digits, B and 2 digits", ErrFormat
	}
	if atoi(d[:9]) == 0 || atoi(d[10:]) == 0 {
		return "number and suffix must not be 0", ErrFormat
	}
	// The 11-test of the RSIN/BSN, or (sole traders since 2020) ISO 7064
	// MOD 97-10 over "NL" and the whole number.
	elevenTest := (weighted(d[:8], 9, 8, 7, 6, 5, 4, 3, 2)-int(d[8]-'0'))%11 == 0
	return checkIf(elevenTest || mod9710(mod9710(0, "NL"), d) == 1)
}

func checkRO(d []byte) (string, error) {
	if !allDigits(d) || len(d) < 2 || len(d) > 10 && len(d) != 13 {
		return "want 2 to 10 digits, or a 13-digit CNP", ErrFormat
	}
	if d[0] == '0' {
		return "first digit must not be 0", ErrFormat
	}
	if len(d) == 13 {
		return checkCNP(d)
	}
	// Weights 7,5,3,2,1,7,5,3,2 on the body left-padded to 9 digits.
	w := [9]int{7, 5, 3, 2, 1, 7, 5, 3, 2}
	body := d[:len(d)-1]
	s := weighted(body, w[9-len(body):]...)
	return checkIf(10*s%11%10 == int(last(d)))
}

// checkCNP checks a Romanian personal numeric code: a sex-and-century digit,
// yymmdd, a county, a serial and a check digit (weights 2,7,9,1,4,6,3,5,8,2,7,9
// mod 11, 10 written as 1). The county is not checked.
func checkCNP(d []byte) (string, error) {
	century := 1900
	switch d[0] {
	case '3', '4':
		century = 1800
	case '5', '6':
		century = 2000
	}
	if !validDate(century+atoi(d[1:3]), atoi(d[3:5]), atoi(d[5:7])) {
		return "no such birth date", ErrFormat
	}
	c := weighted(d, 2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9) % 11
	if c == 10 {
		c = 1
	}
	return checkIf(c == int(last(d)))
}

func checkSE(d []byte) (string, error) {
	if !allDigits(d) || len(d) != 12 {
		return "want 12 digits", ErrFormat
	}
	if d[10] != '0' || d[11] != '1' {
		return "want 01 at the end", ErrFormat
	}
	return checkIf(luhnValid(d[:10]))
}

func checkSK(d []byte) (string, error) {
	if !allDigits(d) || len(d) != 10 {
		return "want 10 digits", ErrFormat
	}
	if _, err := checkBirthNumber(d); err == nil {
		return "", nil
	}
	if d[0] == '0' {
		return "first digit must not be 0", ErrFormat
	}
	switch d[2] {
	case '2', '3', '4', '7', '8', '9':
	default:
		return "third digit must be 2, 3, 4, 7, 8 or 9", ErrFormat
	}
	return checkIf(mod(d, 11) == 0)
}

// mod returns the decimal number d modulo m.
func mod(d []byte, m int) int {
	r := 0
	for _, c := range d {
		r = (r*10 + int(c-'0')) % m
	}
	return r
}

// checkGB checks United Kingdom and Northern Ireland numbers: 9 digits, 12
// with a branch, or a government department (GD000–GD499) or health
// authority (HA500–HA999).
func checkGB(d []byte) (string, error) {
	switch {
	case len(d) == 5 && (d[0] == 'G' && d[1] == 'D' || d[0] == 'H' && d[1] == 'A'):
		if !allDigits(d[2:]) {
			return "want GD or HA and 3 digits", ErrFormat
		}
		if n := atoi(d[2:]); d[0] == 'G' && n >= 500 || d[0] == 'H' && n < 500 {
			return "GD numbers are below 500, HA numbers 500 and above", ErrFormat
		}
		return "", nil
	case len(d) != 9 && len(d) != 12:
		return "want 9 or 12 digits", ErrFormat
	case !allDigits(d):
		return "only digits allowed", ErrFormat
	}
	s := weighted(d, 8, 7, 6, 5, 4, 3, 2, 10, 1) % 97
	if atoi(d[:3]) >= 100 {
		return checkIf(s == 0 || s == 42 || s == 55)
	}
	return checkIf(s == 0)
}
