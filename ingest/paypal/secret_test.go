package paypal_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vatkit/vatkit/ingest/paypal"
	"github.com/vatkit/vatkit/internal/secret/secrettest"
)

func TestSecret(t *testing.T) { secrettest.Run[paypal.Secret](t) }

// TestConfigNeverPrintsSecrets: a Config printed by fmt or slog never shows
// its client secret; a host's config holding it cannot be saved as JSON
// without noticing.
func TestConfigNeverPrintsSecrets(t *testing.T) {
	cfg := paypal.Config{ClientID: "app", ClientSecret: paypal.Secret("EPvery-secret-client-secret")}
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("config", "config", cfg)
	for name, out := range map[string]string{"%+v": fmt.Sprintf("%+v", cfg), "%#v": fmt.Sprintf("%#v", cfg), "slog": logged.String()} {
		assert.NotContains(t, out, "very-secret", name)
		assert.Contains(t, out, "[redacted]", name)
	}
	_, err := json.Marshal(struct{ ClientSecret paypal.Secret }{cfg.ClientSecret})
	assert.ErrorIs(t, err, paypal.ErrSecretNotEncodable)
	assert.ErrorContains(t, err, "paypal: ")
}
