package storegen

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vatkit/vatkit/ingest"
	"github.com/vatkit/vatkit/report"
)

// What Write stores reads back as the pipeline's records do: every row a
// transaction of its period, in uploads the seller can list, one a month.
func TestWrite(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "g.db")
	store, s, err := Open(ctx, path)
	require.NoError(t, err)
	require.NoError(t, Write(ctx, store, s, 3000, 1, nil))
	s.Close()
	store.Close()

	store, s, err = Open(ctx, path) // the seller logs in again
	require.NoError(t, err)
	defer store.Close()
	defer s.Close()
	data, err := report.Load(ctx, s)
	require.NoError(t, err)
	require.Len(t, data.Txs, 3000)
	periods, err := s.Periods(ctx, ingest.TxnKind)
	require.NoError(t, err)
	require.Len(t, periods, 36)
	ups, err := (&ingest.Pipeline{Vault: s}).Uploads(ctx)
	require.NoError(t, err)
	require.Len(t, ups, 36)
	require.Equal(t, "amazon-vtr-2023-10.txt", ups[0].Name)
	require.Greater(t, ups[0].Stored, 0)
}
