package report_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vatkit/vatkit/ingest"
	"github.com/vatkit/vatkit/report"
)

// A build reads the months up to the end of its period and no later one,
// reporting the records read as it goes; its return is the one built from
// memory.
func TestHistoryReadsUpToThePeriod(t *testing.T) {
	ctx := context.Background()
	s, _ := session(t)
	const kind = "history-test"
	txs := e4() // 2025-06-30 to 2025-09-02
	later := sale("later", "2025-10-01", "DE", "FR", "100.00", "20.00", "20")
	for i, tx := range append(txs, later) {
		content := ingest.AppendStored(nil, &ingest.Stored{Tx: tx})
		rec, err := s.Seal(kind, fmt.Sprint(i), tx.TaxPoint.Format("2006-01"), content)
		require.NoError(t, err)
		require.NoError(t, s.Put(ctx, rec))
	}
	var progress []int
	h := report.History{Vault: s, Kind: kind, Progress: func(n int) { progress = append(progress, n) }}
	b := report.OSS{Seller: e4Seller()}
	got, err := b.BuildFrom(ctx, period("2025-Q3"), &h)
	require.NoError(t, err)
	require.Equal(t, len(txs), progress[len(progress)-1], "records read: %v", progress)
	want, err := b.Build(ctx, period("2025-Q3"), txs, nil)
	require.NoError(t, err)
	require.Equal(t, fmt.Sprintf("%+v", *want), fmt.Sprintf("%+v", *got))
	require.True(t, got.Total.Equal(dec("491")), "total %s", got.Total)
}
