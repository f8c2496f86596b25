package main

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRead folds each line as the vault does, adds the form without white
// space, skips empty and over-long lines, and reads gzip as plain text.
func TestRead(t *testing.T) {
	text := "Password1\r\nI Love You\n\n" + strings.Repeat("x", 1025) + "\nＡＢＣ123\n"
	want := []string{"password1", "i love you", "iloveyou", "abc123"}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(text))
	zw.Close()
	for name, in := range map[string][]byte{"plain": []byte(text), "gzip": gz.Bytes()} {
		got, err := read(bytes.NewReader(in))
		require.NoError(t, err, name)
		var s []string
		for _, e := range got {
			s = append(s, string(e))
		}
		assert.Equal(t, want, s, name)
	}
}
