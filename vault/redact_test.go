package vault

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestSecretsPrintRedacted(t *testing.T) {
	v := newTestVault(t, nil)
	m := NewManager(v, ManagerConfig{})
	defer m.Close()
	if err := v.Enroll(t.Context(), "t1", testLogin, []byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	tok, err := m.Login(t.Context(), "t1", testLogin, []byte(testPassword))
	if err != nil {
		t.Fatal(err)
	}
	s, _ := m.Session(tok.Value())
	secrets := map[string]any{"session": s, "keys": s.keys, "token": tok, "token pointer": &tok}
	for name, x := range secrets {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
			t.Run(name+" "+verb, func(t *testing.T) {
				if got := fmt.Sprintf(verb, x); got != "[redacted]" {
					t.Fatalf("Sprintf(%s) = %q", verb, got)
				}
			})
		}
		t.Run(name+" slog", func(t *testing.T) {
			var buf bytes.Buffer
			slog.New(slog.NewJSONHandler(&buf, nil)).Info("msg", "secret", x)
			if !strings.Contains(buf.String(), `"secret":"[redacted]"`) {
				t.Fatalf("slog wrote %s", buf.String())
			}
		})
	}
	// And the raw key bytes appear in none of these renderings.
	key := hex.EncodeToString(s.keys.sealKey)
	all := fmt.Sprintf("%v %+v %#v %x", s, s, s, s)
	if strings.Contains(all, key) || strings.Contains(all, tok.Value()) {
		t.Fatal("a key or token leaked through fmt")
	}
}
