package vault

import "bytes"

// keyPos returns a key's position on a US QWERTY keyboard, in key widths
// with each row's physical stagger, and false for keys not on it. Keys are
// neighbours if they are at most one key apart both across and down, which
// catches row walks ("qwerty"), column walks ("1qaz") and zig-zags
// ("1q2w3e").
func keyPos(c rune) (x, y float64, ok bool) {
	rows := [...]string{"`1234567890-=", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./"}
	offsets := [...]float64{-1, 0.5, 0.75, 1.25}
	for row, keys := range rows {
		for col, k := range keys {
			if k == c {
				return float64(col) + offsets[row], float64(row), true
			}
		}
	}
	return 0, 0, false
}

// predictablePair reports whether b follows a in a way a person does not
// have to think about: the same character, the next or previous character
// ("abc", "987"), or a neighbouring key.
func predictablePair(a, b rune) bool {
	if d := a - b; d >= -1 && d <= 1 {
		return true
	}
	ax, ay, ok1 := keyPos(a)
	bx, by, ok2 := keyPos(b)
	if !ok1 || !ok2 {
		return false
	}
	dx, dy := ax-bx, ay-by
	return dx >= -1 && dx <= 1 && dy >= -1 && dy <= 1
}

// walk reports a password in which at least three quarters of the steps
// from one character to the next are predictable.
func walk(s []byte) bool {
	r := bytes.Runes(s)
	defer clear(r)
	if len(r) < 2 {
		return false
	}
	n := 0
	for i := 1; i < len(r); i++ {
		if predictablePair(r[i-1], r[i]) {
			n++
		}
	}
	return 4*n >= 3*(len(r)-1)
}
