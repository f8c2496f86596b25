package breach

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/text/unicode/norm"
)

// TestFold agrees with the standard library's slower path on every kind of
// input: decomposed accents, compatibility forms, letters whose lower case
// is longer in UTF-8, and invalid bytes.
func TestFold(t *testing.T) {
	for _, in := range []string{
		"Password1234", "Jose\u0301", "ﬁnal ＡＢＣ", "Ⱥȿ", "ΣΑΣ", "x\xffy\xc3", "", "㍿",
	} {
		want := bytes.ToLower(norm.NFKC.Bytes([]byte(in)))
		got := Fold([]byte(in))
		assert.Equal(t, string(want), string(got), "%q", in)
		assert.Equal(t, len(got), cap(got), "%q: the buffer was sized exactly", in)
		assert.Equal(t, string(norm.NFC.Bytes([]byte(in))), string(Normalize(norm.NFC, []byte(in))), "%q", in)
	}
}
