package amazon_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/vatkit/vatkit/ingest/amazon"
)

// TestConfigNeverPrintsSecrets: a Config with both credentials, printed by
// fmt, slog or encoding/json, shows neither (the Secret type itself is
// tested in internal/secret).
func TestConfigNeverPrintsSecrets(t *testing.T) {
	cfg := amazon.Config{ClientID: "app", ClientSecret: amazon.Secret("client-very-secret"), RefreshToken: amazon.Secret("Atzr|very-secret-refresh")}
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("config", "config", cfg)
	js, err := json.Marshal(struct{ ClientSecret, RefreshToken amazon.Secret }{cfg.ClientSecret, cfg.RefreshToken})
	if err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"%+v": fmt.Sprintf("%+v", cfg), "%#v": fmt.Sprintf("%#v", cfg), "slog": logged.String(), "json": string(js)} {
		if strings.Contains(out, "very-secret") || !strings.Contains(out, "[redacted]") {
			t.Errorf("%s printed %q", name, out)
		}
	}
}
