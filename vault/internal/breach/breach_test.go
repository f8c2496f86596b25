package breach

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRoundTrip(t *testing.T) {
	var in [][]byte
	for i := range 5000 {
		in = append(in, fmt.Appendf(nil, "entry-%d", i))
	}
	in = append(in, []byte("entry-7")) // a duplicate is stored once
	data, err := Encode(in)
	require.NoError(t, err)
	l, err := Parse(data)
	require.NoError(t, err)
	assert.Equal(t, 5000, l.Len())
	assert.Equal(t, header+3*5000, len(data))
	for _, p := range in {
		assert.True(t, l.Contains(p), "%s", p)
	}
	for i := range 5000 {
		assert.False(t, l.Contains(fmt.Appendf(nil, "absent-%d", i)))
	}
}

func TestParseRefuses(t *testing.T) {
	good, err := Encode([][]byte{[]byte("a"), []byte("b"), []byte("c")})
	require.NoError(t, err)
	tests := map[string][]byte{
		"empty":      nil,
		"bad magic":  append([]byte("vkbl2\n"), good[len(magic):]...),
		"truncated":  good[:len(good)-1],
		"extra":      append(append([]byte(nil), good...), 0),
		"count":      func() []byte { b := append([]byte(nil), good...); b[len(magic)+3]++; return b }(),
		"header cut": good[:header-1],
	}
	for name, data := range tests {
		_, err := Parse(data)
		assert.ErrorIs(t, err, ErrFormat, name)
	}
}

// FuzzParse: any bytes either parse into a list whose lookups do not
// panic, or are refused with ErrFormat.
func FuzzParse(f *testing.F) {
	good, _ := Encode([][]byte{[]byte("password"), []byte("123456")})
	f.Add(good)
	f.Add([]byte(magic))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Parse(data)
		if err != nil {
			require.ErrorIs(t, err, ErrFormat)
			return
		}
		l.Contains([]byte("password"))
		l.Contains(data)
	})
}
