package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/vatkit/vatkit/ingest"
	"github.com/vatkit/vatkit/report"
	"github.com/vatkit/vatkit/vat"
	"github.com/vatkit/vatkit/vault"
)

// run ingests the files into a fresh in-memory vault, as a server would
// for a logged-in seller, reads them back, builds the return and writes it.
func run(ctx context.Context, cfg config, stdout, stderr io.Writer) error {
	sess, err := openSession(ctx)
	if err != nil {
		return err
	}
	defer sess.Close()
	p := ingest.Pipeline{Vault: sess, BatchSize: 1024}
	for _, name := range cfg.files {
		if err := ingestFile(ctx, &p, name, stderr); err != nil {
			return err
		}
	}
	data, err := report.Load(ctx, sess)
	if err != nil {
		return err
	}
	if n := shipFromHome(data.Txs, cfg); n > 0 {
		fmt.Fprintf(stderr, "ossreturn: warning: %s of goods name no ship-from country (PayPal gives none): taken as %s, the -home state\n",
			plural(n, "row"), cfg.home)
	}
	fx, sample, err := rates(cfg)
	if err != nil {
		return err
	}
	seller, err := sellerFor(cfg, data.Txs, stderr)
	if err != nil {
		return err
	}
	if cfg.report == "reconciliation" {
		rc := report.Reconciliation{Seller: seller, FX: fx}
		r, err := rc.Build(ctx, cfg.period, data.Txs)
		if miss := sample.missing(); miss != nil {
			return miss
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "ossreturn: reconciliation of %s: %s, %s, %s without a stated VAT\n", cfg.period,
			plural(len(r.Lines), "line"), plural(len(r.Differences), "differing row"), plural(r.Unstated, "row"))
		if cfg.format == "csv" {
			return report.WriteReconciliationCSV(stdout, r)
		}
		return report.WriteReconciliationJSON(stdout, r)
	}
	ret, err := buildReturn(ctx, cfg, seller, fx, data)
	if miss := sample.missing(); miss != nil {
		return miss
	}
	if err != nil {
		return err
	}
	if cfg.scheme == "union" {
		listFound(stderr, seller, ret)
	}
	summarize(stderr, ret, len(data.Txs))
	if cfg.format == "bzst" && len(ret.Corrections) > 0 {
		fmt.Fprintln(stderr, "ossreturn: warning: the BZSt file has no corrections (their layout is not public): enter them in the BZSt portal")
	}
	return write(stdout, cfg.format, ret)
}

// buildReturn builds the return of cfg's scheme.
func buildReturn(ctx context.Context, cfg config, seller vat.Seller, fx vat.FX, data report.Transactions) (*report.OSSReturn, error) {
	switch cfg.scheme {
	case "import":
		return (&report.IOSS{Seller: seller, FX: fx}).Build(ctx, cfg.period, data.Txs, data.Reviews)
	case "non-union":
		return (&report.NonUnion{Seller: seller, FX: fx}).Build(ctx, cfg.period, data.Txs, data.Reviews)
	}
	return (&report.OSS{Seller: seller, FX: fx}).Build(ctx, cfg.period, data.Txs, data.Reviews)
}

// openSession enrols a throw-away tenant with a random password and logs
// it in, at the vault's lowest accepted cost: the vault lives only as long
// as the command.
func openSession(ctx context.Context) (*vault.Session, error) {
	v, err := vault.New(vault.Config{Store: &vault.MemoryStore{}, Params: vault.Floor})
	if err != nil {
		return nil, err
	}
	pw := []byte(rand.Text())
	defer clear(pw)
	if err := v.Enroll(ctx, "local", "seller", pw); err != nil {
		return nil, err
	}
	return v.Open(ctx, "local", "seller", pw)
}

// shipFromHome sets the dispatch country of goods sales and refunds that
// have none to home, the state of establishment, and returns how many it
// set. The command assumes it, and says so, because a PayPal download
// names the buyer's country only; the SDK itself never does (such a row
// needs review). It assumes nothing for the import and non-Union schemes,
// whose goods do not leave from home.
func shipFromHome(txs []vat.Transaction, cfg config) int {
	if cfg.scheme != "union" {
		return 0
	}
	home, n := cfg.home, 0
	for i := range txs {
		t := &txs[i]
		if t.Supply == vat.SupplyGoods && t.ShipFrom == "" && t.ShipTo != "" &&
			(t.Kind == vat.KindSale || t.Kind == vat.KindRefund || t.Kind == vat.KindReturn) {
			t.ShipFrom = home
			n++
		}
	}
	return n
}

func summarize(w io.Writer, r *report.OSSReturn, n int) {
	what := plural(len(r.Lines), "line") + ", " + plural(len(r.Corrections), "correction")
	if r.Nil() {
		what = "nil return (nothing to declare)"
	}
	fmt.Fprintf(w, "ossreturn: %s scheme, %s %s from %d transactions: %s, total VAT %s EUR, due %s, %d to review\n",
		r.Scheme, r.MSID, r.Period, n, what, r.Total.StringFixed(2), r.Due.Format("2006-01-02"), len(r.NeedsReview))
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func write(w io.Writer, format string, r *report.OSSReturn) error {
	switch format {
	case "csv":
		return report.WriteCSV(w, r)
	case "bzst":
		return report.WriteBZSt(w, r)
	}
	return report.WriteJSON(w, r)
}

func ingestFile(ctx context.Context, p *ingest.Pipeline, name string, stderr io.Writer) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	base := filepath.Base(name)
	var size int64
	if st, err := f.Stat(); err == nil {
		size = st.Size()
	}
	pr := newProgress(f, base, size, stderr)
	res, err := p.Ingest(ctx, pr, ingest.Options{Source: base})
	pr.done()
	for _, re := range res.Errors {
		fmt.Fprintln(stderr, "ossreturn: warning:", re)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", base, err)
	}
	fmt.Fprintf(stderr, "ossreturn: %s (%s): %d rows, %d accepted, %d duplicates, %d rejected, %d to review\n",
		base, res.Format, res.Rows, res.Accepted, res.Duplicates, res.Rejected, res.NeedsReview)
	return nil
}
