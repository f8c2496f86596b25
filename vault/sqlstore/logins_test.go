package sqlstore_test

import (
	"bytes"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vatkit/vatkit/vault"
)

// TestLoginLookup: a lookup binds once — concurrent binds of the same
// lookup all get the first tenant — and EraseTenant removes the tenant's
// bindings with its key material, leaving the others.
func TestLoginLookup(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			ctx := t.Context()
			s := d.fresh(t)
			a, b := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32)
			_, err := s.LoginTenant(ctx, a)
			require.ErrorIs(t, err, vault.ErrNotFound)

			got := make([]string, 8)
			var wg sync.WaitGroup
			for i := range got {
				wg.Go(func() {
					var err error
					if got[i], err = s.BindLogin(ctx, a, "t-"+string(rune('a'+i))); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			for _, g := range got {
				require.Equal(t, got[0], g, "concurrent binds disagree: %v", got)
			}
			tb, err := s.BindLogin(ctx, b, "t-other")
			require.NoError(t, err)
			require.Equal(t, "t-other", tb)
			_, err = s.BindLogin(ctx, nil, "t-x")
			require.Error(t, err)

			require.NoError(t, s.EraseTenant(ctx, got[0]))
			_, err = s.LoginTenant(ctx, a)
			require.ErrorIs(t, err, vault.ErrNotFound, "binding left after the erase")
			tb, err = s.LoginTenant(ctx, b)
			require.NoError(t, err)
			require.Equal(t, "t-other", tb)
		})
	}
}
