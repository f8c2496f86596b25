package vault

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

// plainStore hides the MemoryStore's PeriodLister, as a host's own store
// without the capability would.
type plainStore struct{ Store }

// Session.Periods gives the same answer whether the store lists periods
// itself or the session reads every record's clear period, and none once
// the session is closed.
func TestSessionPeriods(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		store Store
	}{{"lister", &MemoryStore{}}, {"without the capability", plainStore{&MemoryStore{}}}} {
		t.Run(tc.name, func(t *testing.T) {
			_, s := enrolled(t, tc.store)
			for i, p := range []string{"2026-07", "", "2025-01", "2026-07"} {
				r, err := s.Seal("txn", string(rune('a'+i)), p, []byte("x"))
				require.NoError(t, err)
				require.NoError(t, s.Put(ctx, r))
			}
			r, err := s.Seal("other", "z", "2020-01", []byte("x"))
			require.NoError(t, err)
			require.NoError(t, s.Put(ctx, r))

			got, err := s.Periods(ctx, "txn")
			require.NoError(t, err)
			require.Equal(t, []string{"", "2025-01", "2026-07"}, got)

			s.Close()
			_, err = s.Periods(ctx, "txn")
			require.True(t, errors.Is(err, ErrSessionClosed), "closed session: %v", err)
		})
	}
}
