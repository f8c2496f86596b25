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

// TestConfigNeverPrintsSecrets: a Config printed by fmt, slog or
// encoding/json never shows its client secret (the Secret type itself is
// tested in internal/secret).
func TestConfigNeverPrintsSecrets(t *testing.T) {
	cfg := paypal.Config{ClientID: "app", ClientSecret: paypal.Secret("EPvery-secret-client-secret")}
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("config", "config", cfg)
	js, err := json.Marshal(struct{ ClientSecret paypal.Secret }{cfg.ClientSecret})
	if err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"%+v": fmt.Sprintf("%+v", cfg), "%#v": fmt.Sprintf("%#v", cfg), "slog": logged.String(), "json": string(js)} {
		if strings.Contains(out, "very-secret") || !strings.Contains(out, "[redacted]") {
			t.Errorf("%s printed %q", name, out)
		}
	}
}
