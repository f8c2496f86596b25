// Package secrettest is the conformance test every Secret type of the API
// clients runs: it never prints, refuses every encoder, decodes from a
// config file's string, and wipes.
package secrettest

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vatkit/vatkit/internal/secret"
)

// Run checks S, a client's Secret type.
func Run[S interface {
	~[]byte
	Wipe()
}](t *testing.T) {
	const clear = "Atzr|very-secret-refresh"
	t.Run("never prints", func(t *testing.T) { neverPrints(t, S(clear), clear) })
	t.Run("refuses encoders", func(t *testing.T) { refusesEncoders(t, S(clear)) })
	t.Run("decodes from JSON", func(t *testing.T) {
		var cfg struct{ Token S }
		require.NoError(t, json.Unmarshal([]byte(`{"Token":"Atzr|very-secret-refresh"}`), &cfg))
		assert.Equal(t, []byte(clear), []byte(cfg.Token))
	})
	t.Run("wipe", func(t *testing.T) {
		s := S(clear)
		s.Wipe()
		assert.Equal(t, make([]byte, len(clear)), []byte(s))
	})
}

func neverPrints[S ~[]byte](t *testing.T, s S, clear string) {
	var text, js bytes.Buffer
	slog.New(slog.NewTextHandler(&text, nil)).Info("x", "secret", s)
	slog.New(slog.NewJSONHandler(&js, nil)).Info("x", "secret", s)
	hexed := fmt.Sprintf("%x", []byte(clear))
	outputs := map[string]string{
		"%v": fmt.Sprintf("%v", s), "%s": fmt.Sprintf("%s", s), "%q": fmt.Sprintf("%q", s),
		"%x": fmt.Sprintf("%x", s), "%X": fmt.Sprintf("%X", s), "%d": fmt.Sprintf("%d", s),
		"%#v": fmt.Sprintf("%#v", s), "%+v in a struct": fmt.Sprintf("%+v", struct{ S S }{s}),
		"slog text": text.String(), "slog JSON": js.String(),
	}
	for name, out := range outputs {
		assert.NotContains(t, out, clear[5:], name)
		assert.NotContains(t, out, hexed[:16], name)
		assert.Contains(t, out, secret.Redacted, name)
	}
}

// refusesEncoders: JSON, XML and gob all fail with ErrEncode rather than
// write "[redacted]" or the bytes.
func refusesEncoders[S ~[]byte](t *testing.T, s S) {
	cfg := struct{ Token S }{s}
	_, err := json.Marshal(cfg)
	assert.True(t, errors.Is(err, secret.ErrEncode), "json: %v", err)
	_, err = xml.Marshal(struct {
		XMLName xml.Name `xml:"config"`
		Token   S
	}{Token: s})
	assert.True(t, errors.Is(err, secret.ErrEncode), "xml: %v", err)
	err = gob.NewEncoder(new(bytes.Buffer)).Encode(cfg)
	assert.ErrorContains(t, err, "never encoded", "gob")
}
