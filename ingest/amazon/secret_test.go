package amazon_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vatkit/vatkit/ingest/amazon"
	"github.com/vatkit/vatkit/internal/secret/secrettest"
)

func TestSecret(t *testing.T) { secrettest.Run[amazon.Secret](t) }

// TestConfigNeverPrintsSecrets: a Config with both credentials, printed by
// fmt or slog, shows neither; a host's config holding them cannot be saved
// as JSON without noticing.
func TestConfigNeverPrintsSecrets(t *testing.T) {
	cfg := amazon.Config{ClientID: "app", ClientSecret: amazon.Secret("client-very-secret"), RefreshToken: amazon.Secret("Atzr|very-secret-refresh")}
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("config", "config", cfg)
	for name, out := range map[string]string{"%+v": fmt.Sprintf("%+v", cfg), "%#v": fmt.Sprintf("%#v", cfg), "slog": logged.String()} {
		assert.NotContains(t, out, "very-secret", name)
		assert.Contains(t, out, "[redacted]", name)
	}
	_, err := json.Marshal(struct{ RefreshToken amazon.Secret }{cfg.RefreshToken})
	assert.ErrorIs(t, err, amazon.ErrSecretNotEncodable)
	assert.ErrorContains(t, err, "amazon: ")
}
