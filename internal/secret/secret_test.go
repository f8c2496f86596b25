package secret_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/vatkit/vatkit/internal/secret"
)

// TestNeverPrints: a Secret prints "[redacted]" through every fmt verb,
// slog and encoding/json, and Wipe clears its bytes.
func TestNeverPrints(t *testing.T) {
	const clear = "Atzr|very-secret-refresh"
	s := secret.Secret(clear)
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("x", "secret", s)
	js, err := json.Marshal(struct{ S secret.Secret }{s})
	if err != nil {
		t.Fatal(err)
	}
	outputs := map[string]string{
		"%v": fmt.Sprintf("%v", s), "%s": fmt.Sprintf("%s", s), "%q": fmt.Sprintf("%q", s),
		"%x": fmt.Sprintf("%x", s), "%X": fmt.Sprintf("%X", s), "%d": fmt.Sprintf("%d", s),
		"%#v": fmt.Sprintf("%#v", s), "slog": logged.String(), "json": string(js), "String": s.String(),
	}
	hexed := fmt.Sprintf("%x", []byte(clear))
	for name, out := range outputs {
		t.Run(name, func(t *testing.T) {
			if strings.Contains(out, "very-secret") || strings.Contains(out, hexed[:16]) || !strings.Contains(out, "[redacted]") {
				t.Fatalf("printed %q", out)
			}
		})
	}
	s.Wipe()
	if !bytes.Equal(s, make([]byte, len(clear))) {
		t.Fatal("Wipe left bytes")
	}
}
