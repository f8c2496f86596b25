package vies

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/vatkit/vatkit/vies/viestest"
)

func TestNormalizeCode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"MS_UNAVAILABLE", "MS_UNAVAILABLE"},
		{" MS_UNAVAILABLE\n", "MS_UNAVAILABLE"},
		// PHP SoapFault renderings (ibericode/vat tests/Vies/ClientTest.php;
		// DragonBe/vies#15).
		{"{ MS_UNAVAILABLE }", "MS_UNAVAILABLE"},
		{"[soap:Server] MS_MAX_CONCURRENT_REQ", "MS_MAX_CONCURRENT_REQ"},
		// The longest known code wins over its prefix.
		{"MS_MAX_CONCURRENT_REQ_TIME", "MS_MAX_CONCURRENT_REQ_TIME"},
		{"GLOBAL_MAX_CONCURRENT_REQ", "GLOBAL_MAX_CONCURRENT_REQ"},
		// Unknown codes are kept, stripped of anything but code characters
		// and cut short, so a hostile server cannot fill a log.
		{"NEW_CODE <script>", "NEW_CODEscript"},
		{strings.Repeat("A", 200), strings.Repeat("A", maxCodeLen)},
	}
	for _, tc := range tests {
		t.Run(tc.in[:min(len(tc.in), 30)], func(t *testing.T) {
			if got := normalizeCode(tc.in); got != tc.want {
				t.Errorf("normalizeCode(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestNoPersonalDataInErrorsOrLogs: errors name the member state and the
// fault, never the number; results log without number, name or address.
func TestNoPersonalDataInErrorsOrLogs(t *testing.T) {
	srv := newFake(t)
	srv.Set(numDE, viestest.Valid("Example GmbH", "Musterstr. 1"))
	c := newClient(srv, SOAP)
	c.Timeout = 100 * time.Millisecond
	c.MaxRetries = -1
	r, err := c.Check(context.Background(), mustNumber(t, numDE))
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	slog.New(slog.NewTextHandler(&logs, nil)).Info("checked", "result", r)
	for _, code := range []viestest.Answer{viestest.Fault("MS_UNAVAILABLE"), {Hang: true}, {Malformed: true}, viestest.Fault("INVALID_INPUT")} {
		srv.FailCountry("DE", code)
		_, err := c.Check(context.Background(), mustNumber(t, numDE2))
		if err == nil {
			t.Fatal("no error")
		}
		logs.WriteString(err.Error())
	}
	for _, secret := range []string{"113866163", "213806597", "Example", "Musterstr"} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("%q leaked into: %s", secret, logs.String())
		}
	}
	if !strings.Contains(logs.String(), "result.valid=true") || !strings.Contains(logs.String(), "member state DE") {
		t.Errorf("logs lack the safe fields: %s", logs.String())
	}
}
