package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"iter"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vatkit/vatkit/internal/dbtest"
	"github.com/vatkit/vatkit/vault"
	"github.com/vatkit/vatkit/vault/sqlstore"
	"github.com/vatkit/vatkit/vault/storetest"
)

// twoNodes is one vault.Store made of two stores on the same schema, each
// connected to a different node of a Galera cluster: every call goes to
// the next in turn, so that a test's writes go through both nodes and its
// reads see what the other node committed.
type twoNodes struct {
	nodes [2]*sqlstore.Store
	next  atomic.Uint32
}

func (n *twoNodes) s() *sqlstore.Store { return n.nodes[n.next.Add(1)%2] }

func (n *twoNodes) CreateTenant(ctx context.Context, m vault.TenantMeta) error {
	return n.s().CreateTenant(ctx, m)
}
func (n *twoNodes) Tenant(ctx context.Context, tenant string) (vault.TenantMeta, error) {
	return n.s().Tenant(ctx, tenant)
}
func (n *twoNodes) UpdateTenant(ctx context.Context, m vault.TenantMeta) error {
	return n.s().UpdateTenant(ctx, m)
}
func (n *twoNodes) DeleteTenant(ctx context.Context, tenant string) error {
	return n.s().DeleteTenant(ctx, tenant)
}
func (n *twoNodes) PutRecord(ctx context.Context, r vault.Record) error {
	return n.s().PutRecord(ctx, r)
}
func (n *twoNodes) Record(ctx context.Context, tenant, kind, id string) (vault.Record, error) {
	return n.s().Record(ctx, tenant, kind, id)
}
func (n *twoNodes) DeleteRecord(ctx context.Context, tenant, kind, id string) error {
	return n.s().DeleteRecord(ctx, tenant, kind, id)
}
func (n *twoNodes) Records(ctx context.Context, q vault.Query) iter.Seq2[vault.Record, error] {
	return n.s().Records(ctx, q)
}
func (n *twoNodes) DeleteRecords(ctx context.Context, tenant string) error {
	return n.s().DeleteRecords(ctx, tenant)
}
func (n *twoNodes) PutNew(ctx context.Context, rs []vault.Record) ([]bool, error) {
	return n.s().PutNew(ctx, rs)
}
func (n *twoNodes) StageRecords(ctx context.Context, rs []vault.Record) error {
	return n.s().StageRecords(ctx, rs)
}
func (n *twoNodes) CommitUpload(ctx context.Context, tenant, upload string, staged int, desc vault.Record) (int, error) {
	return n.s().CommitUpload(ctx, tenant, upload, staged, desc)
}
func (n *twoNodes) DiscardUpload(ctx context.Context, tenant, upload string) error {
	return n.s().DiscardUpload(ctx, tenant, upload)
}
func (n *twoNodes) DeleteUpload(ctx context.Context, tenant, upload string) (int, error) {
	return n.s().DeleteUpload(ctx, tenant, upload)
}
func (n *twoNodes) UploadCounts(ctx context.Context, tenant string) (map[string]int, error) {
	return n.s().UploadCounts(ctx, tenant)
}
func (n *twoNodes) SweepStaged(ctx context.Context, tenant string, before time.Time) (int, error) {
	return n.s().SweepStaged(ctx, tenant, before)
}
func (n *twoNodes) EraseTenant(ctx context.Context, tenant string) error {
	return n.s().EraseTenant(ctx, tenant)
}
func (n *twoNodes) Periods(ctx context.Context, tenant, kind string) ([]string, error) {
	return n.s().Periods(ctx, tenant, kind)
}

var (
	_ vault.TenantEraser = (*twoNodes)(nil)
	_ vault.PeriodLister = (*twoNodes)(nil)
)

// causal makes a node's statements wait until it has applied every write
// the cluster committed before them (wsrep_sync_wait=7: reads, updates and
// deletes, inserts; MariaDB's Galera documentation): without it a
// statement through one node may miss a write just committed through
// another — a DELETE through node 2 finds nothing of rows inserted through
// node 1 a moment before. A host that sends each seller to one node (as a
// load balancer with sticky sessions does) does not need it.
func causal(dsn string) string {
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "wsrep_sync_wait=7"
}

// freshGalera drops the store's tables through node 1 and returns a
// twoNodes on nodes 1 and 2.
func freshGalera(t *testing.T, dsns []string) *twoNodes {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open("mysql", dsns[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range allTables {
		if _, err := db.ExecContext(ctx, "DROP TABLE IF EXISTS "+table); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	n := new(twoNodes)
	for i := range n.nodes {
		s, err := sqlstore.Open(ctx, sqlstore.MySQL, causal(dsns[i]))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		n.nodes[i] = s
	}
	return n
}

// TestGaleraConformance runs vault's Store conformance suite on a MariaDB
// Galera cluster, every call going through node 1 and node 2 in turn: the
// concurrent tests write through both nodes at once, so that transactions
// lose certification to each other and are retried.
func TestGaleraConformance(t *testing.T) {
	dsns := dbtest.Galera(t)
	storetest.Run(t, func(t *testing.T) vault.Store { return freshGalera(t, dsns) })
}

// TestGaleraCompareAndSwap: writers on two nodes race to swap the same
// tenant's revision. Certification conflicts are retried inside the store,
// and a retried swap compares again: of the writers that read the same
// revision exactly one succeeds, the others get vault.ErrConflict, and the
// revision counts the successes.
func TestGaleraCompareAndSwap(t *testing.T) {
	dsns := dbtest.Galera(t)
	n := freshGalera(t, dsns)
	ctx := context.Background()
	if err := n.CreateTenant(ctx, meta("cas")); err != nil {
		t.Fatal(err)
	}
	conflicts := func() int {
		total := 0
		for _, s := range n.nodes {
			for _, v := range []string{"wsrep_local_cert_failures", "wsrep_local_bf_aborts"} {
				var name string
				var c int
				if err := s.DB().QueryRowContext(ctx, "SHOW STATUS LIKE '"+v+"'").Scan(&name, &c); err != nil {
					t.Fatal(err)
				}
				total += c
			}
		}
		return total
	}
	before := conflicts()
	const rounds, writers = 20, 6
	wins := 0
	for round := range rounds {
		m, err := n.nodes[0].Tenant(ctx, "cas")
		if err != nil {
			t.Fatal(err)
		}
		if m.Revision != uint64(round+1) {
			t.Fatalf("round %d: revision %d, want %d", round, m.Revision, round+1)
		}
		var won, lost atomic.Int32
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() {
				mine := m
				mine.Current.Generation = uint32(100*round + w + 1)
				switch err := n.nodes[w%2].UpdateTenant(ctx, mine); {
				case err == nil:
					won.Add(1)
				case errors.Is(err, vault.ErrConflict):
					lost.Add(1)
				default:
					t.Errorf("round %d writer %d: %v", round, w, err)
				}
			})
		}
		wg.Wait()
		if won.Load() != 1 || lost.Load() != writers-1 {
			t.Fatalf("round %d: %d swaps won and %d lost, want 1 and %d", round, won.Load(), lost.Load(), writers-1)
		}
		wins++
	}
	m, err := n.nodes[1].Tenant(ctx, "cas")
	if err != nil {
		t.Fatal(err)
	}
	if m.Revision != uint64(wins+1) {
		t.Fatalf("final revision %d, want %d", m.Revision, wins+1)
	}
	// The nodes count the transactions that lost certification and those
	// aborted for a replicated one: the race did reach the cluster.
	c := conflicts() - before
	t.Logf("%d rounds of %d writers on 2 nodes: %d certification conflicts and brute-force aborts", rounds, writers, c)
	if c == 0 {
		t.Error("no transaction lost to a conflicting one: the writers did not race across nodes")
	}
}
