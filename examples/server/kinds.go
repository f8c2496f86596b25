package main

import (
	"context"
	"errors"
	"io"
	"sync/atomic"

	"github.com/vatkit/vatkit/report"
	"github.com/vatkit/vatkit/vat"
	"github.com/vatkit/vatkit/vault"
)

// The kinds of report POST /api/reports builds: the return of each of
// the three One-Stop-Shop schemes, and the reconciliation of the VAT the
// files state with vatkit's.
const (
	kindOSS            = "oss"            // the Union scheme, a quarter
	kindIOSS           = "ioss"           // the import scheme, a month
	kindNonUnion       = "non-union"      // the non-Union scheme, a quarter
	kindReconciliation = "reconciliation" // a quarter or a month
)

// Messages of the report kinds.
const (
	msgBadKind       = "Choose the report to build: the return of the Union scheme (oss), the import scheme (ioss) or the non-Union scheme (non-union), or the reconciliation of your files' VAT (reconciliation)."
	msgBadMonth      = "Give the month of the import scheme return as year and month, such as 2026-07."
	msgBadAnyPeriod  = "Give the period as a quarter, such as 2026-Q3, or a month, such as 2026-07."
	msgBZStUnionOnly = "The BZSt file is for the Union scheme return only: download this return as JSON, CSV or Excel."
	msgNoIOSS        = "Your seller facts give no IOSS number: the import scheme return is filed under it. Add it to your seller facts."
	msgEstablished   = "Your seller facts say your business is established in the EU: the non-Union scheme is for sellers established outside it."
)

// kindPeriod says whether period is one of kind's, a month for the import
// scheme and a quarter for the others, and what to give otherwise; the
// message is "" for an unknown kind.
func kindPeriod(kind string, period vat.Period) (ok bool, msg string) {
	switch kind {
	case kindOSS, kindNonUnion:
		return period.Quarter != 0, msgBadPeriod
	case kindIOSS:
		return !period.IsZero() && period.Quarter == 0, msgBadMonth
	case kindReconciliation:
		return !period.IsZero(), msgBadAnyPeriod
	}
	return false, ""
}

// reportBuild is what a report job builds: a kind for a seller.
type reportBuild struct {
	kind   string
	seller vat.Seller
	fx     vat.FX
	infer  bool // report.OSS.InferWarehouses
}

// name is the report's file name, without its extension.
func (b *reportBuild) name(period vat.Period) string {
	return b.kind + "-" + string(b.seller.OSS.MemberState) + "-" + period.String()
}

// history reads the seller's stored transactions for a build, counting
// the records read so far in read.
func history(ses *vault.Session, read *atomic.Int64) *report.History {
	return &report.History{Vault: ses, Progress: func(n int) { read.Store(int64(n)) }}
}

// build builds the return of period from every transaction the seller
// uploaded up to the period's end, reading them month by month; read
// counts the records read so far.
func (b *reportBuild) build(ctx context.Context, ses *vault.Session, period vat.Period, read *atomic.Int64) (*report.OSSReturn, error) {
	h := history(ses, read)
	switch b.kind {
	case kindIOSS:
		return (&report.IOSS{Seller: b.seller, FX: b.fx}).BuildFrom(ctx, period, h)
	case kindNonUnion:
		return (&report.NonUnion{Seller: b.seller, FX: b.fx}).BuildFrom(ctx, period, h)
	}
	return (&report.OSS{Seller: b.seller, FX: b.fx, InferWarehouses: b.infer}).BuildFrom(ctx, period, h)
}

// write builds the report and writes it in format; it returns its line
// count.
func (b *reportBuild) write(ctx context.Context, w io.Writer, ses *vault.Session, period vat.Period, format string, read *atomic.Int64) (int, error) {
	if b.kind == kindReconciliation {
		return b.reconcile(ctx, w, ses, period, format, read)
	}
	ret, err := b.build(ctx, ses, period, read)
	if err != nil {
		return 0, err
	}
	return len(ret.Lines), writeReturn(w, ret, format)
}

// reconcile compares the VAT the seller's files state for period with
// vatkit's, reading the history month by month, and writes it in format.
func (b *reportBuild) reconcile(ctx context.Context, w io.Writer, ses *vault.Session, period vat.Period, format string, read *atomic.Int64) (int, error) {
	h := history(ses, read)
	rc := report.Reconciliation{Seller: b.seller, FX: b.fx, InferWarehouses: b.infer}
	r, err := rc.BuildFrom(ctx, period, h)
	if err != nil {
		return 0, err
	}
	switch format {
	case "csv":
		err = report.WriteReconciliationCSV(w, r)
	case "xlsx":
		err = report.WriteReconciliationXLSX(w, r)
	default:
		err = report.WriteReconciliationJSON(w, r)
	}
	return len(r.Lines), err
}

// sellerForKind is sellerForReport for a kind: an import-scheme return
// needs the seller's IOSS number (report.ErrNoIOSS); a non-Union return
// is for a seller established outside the EU (report.ErrEstablished),
// identified in home, and without saved facts such a seller is assumed.
func sellerForKind(ctx context.Context, ses *vault.Session, home vat.Country, kind string) (vat.Seller, bool, error) {
	if kind != kindNonUnion {
		seller, infer, err := sellerForReport(ctx, ses, home)
		if err == nil && kind == kindIOSS && seller.IOSS == "" {
			err = report.ErrNoIOSS
		}
		return seller, infer, err
	}
	facts, err := loadSeller(ctx, ses)
	switch {
	case errors.Is(err, vault.ErrNotFound):
		return vat.Seller{OSS: vat.OSSRegistration{MemberState: home}}, false, nil
	case err != nil:
		return vat.Seller{}, false, err
	case facts.Established != "":
		return vat.Seller{}, false, report.ErrEstablished
	case facts.OSS.MemberState != "" && facts.OSS.MemberState != home:
		return vat.Seller{}, false, errOtherMSID
	}
	facts.OSS.MemberState = home
	return facts, false, nil
}
