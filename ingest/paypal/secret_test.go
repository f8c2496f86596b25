package paypal_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/vatkit/vatkit/ingest/paypal"
)

// TestSecretNeverPrints: a Secret, alone or inside a Config, prints
// "[redacted]" through every fmt verb, slog and encoding/json.
func TestSecretNeverPrints(t *testing.T) {
	const clear = "EPvery-secret-client-secret"
	s := paypal.Secret(clear)
	cfg := paypal.Config{ClientID: "app", ClientSecret: s}
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("config", "secret", s, "config", cfg)
	js, err := json.Marshal(struct{ ClientSecret paypal.Secret }{cfg.ClientSecret})
	if err != nil {
		t.Fatal(err)
	}
	outputs := map[string]string{
		"%v": fmt.Sprintf("%v", s), "%s": fmt.Sprintf("%s", s), "%q": fmt.Sprintf("%q", s),
		"%x": fmt.Sprintf("%x", s), "%X": fmt.Sprintf("%X", s), "%d": fmt.Sprintf("%d", s),
		"%#v": fmt.Sprintf("%#v", s), "config %+v": fmt.Sprintf("%+v", cfg), "config %#v": fmt.Sprintf("%#v", cfg),
		"slog": logged.String(), "json": string(js), "String": s.String(),
	}
	for name, out := range outputs {
		t.Run(name, func(t *testing.T) {
			hexed := fmt.Sprintf("%x", []byte(clear))
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
