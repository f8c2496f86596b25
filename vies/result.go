package vies

import (
	"log/slog"
	"strings"
	"time"

	"github.com/vatkit/vatkit/vat"
)

// Source tells where an answer came from.
type Source int

const (
	// Live means VIES answered this call.
	Live Source = iota
	// Cached means the answer is a stored one, still within its TTL.
	Cached
	// Stale means VIES could not answer and the Client was allowed to fall
	// back on a stored answer past its TTL (Client.MaxStale). Treat it as
	// evidence of the earlier check only.
	Stale
)

// String returns "live", "cache" or "stale".
func (s Source) String() string {
	switch s {
	case Live:
		return "live"
	case Cached:
		return "cache"
	case Stale:
		return "stale"
	}
	return "unknown"
}

// Result is VIES's answer for one number. Its fields hold the trader's name
// and address, which are personal data: it logs through slog with those left
// out (LogValue), and should be stored sealed, like any evidence.
type Result struct {
	Number vat.Number // the number checked
	Valid  bool       // VIES says the number is registered for intra-EU trade

	// RequestDate is the date VIES gives for the consultation, with the
	// offset it gave (SOAP answers carry a date only, at midnight).
	RequestDate time.Time
	// Name and Address are the trader's details as VIES gives them, empty
	// when VIES gave none or "---" (a member state that does not disclose
	// them, e.g. Germany or Spain). Address keeps VIES's line breaks.
	Name, Address string
	// ConsultationNumber is VIES's requestIdentifier, issued only when the
	// Client has a Requester: the proof, for an audit, that this check was
	// made. Empty otherwise.
	ConsultationNumber string

	Source    Source    // live, cache or stale
	CheckedAt time.Time // when this process received the answer (its clock)
}

// LogValue keeps the trader's name and address and the number itself out of
// logs: only the country, the outcome and the source are logged.
func (r Result) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("country", string(r.Number.Country())),
		slog.Bool("valid", r.Valid),
		slog.String("source", r.Source.String()),
	)
}

// undisclosed is what VIES puts in name and address when it will not tell
// (valvat lookup/vies.rb convert_value maps it to nil too).
const undisclosed = "---"

// disclosed returns s unless it is empty or the "---" placeholder.
func disclosed(s *string) string {
	if s == nil {
		return ""
	}
	if t := strings.TrimSpace(*s); t == "" || t == undisclosed {
		return ""
	}
	return *s
}
