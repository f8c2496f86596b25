package report

import (
	"context"
	"errors"
	"fmt"

	"github.com/vatkit/vatkit/vat"
)

// ErrNoIOSS is wrapped when an import-scheme return is asked for a seller
// without an IOSS number (vat.Seller.IOSS): only a registered seller
// declares through the import scheme (Art 369q).
var ErrNoIOSS = errors.New("report: the seller has no IOSS number")

// ErrEstablished is wrapped when a non-Union return is asked for a seller
// established in the EU: the non-Union scheme is for sellers established
// outside it (Art 358a(1)).
var ErrEstablished = errors.New("report: the non-Union scheme is for sellers not established in the EU")

// IOSS builds import-scheme returns (VAT Directive Arts 369l–369x): one a
// month, of distance sales of goods imported from outside the EU in
// consignments of an intrinsic value of up to €150, per member state of
// consumption, rate type and rate, at the rates of the member states of
// consumption (Art 369l); refunds of sales of earlier months correct
// those months within three years (Reg 282/2011 Art 61); a month without
// supplies gives a nil return, which is filed all the same (Art 369s).
// Sums in another currency are converted at the ECB rate of the month's
// last day, or the next publication (Art 369v). Consignments over €150
// are outside the scheme: they are named in NeedsReview.
//
// The member state of identification is Seller.OSS.MemberState, else
// Seller.Established; the return is filed under Seller.IOSS. As [OSS]
// does, it reads the seller's whole history up to the end of the month,
// one month at a time.
type IOSS struct {
	Seller   vat.Seller
	Rates    *vat.RateTable
	Rounding vat.Rounding
	// FX gives the ECB reference rates; nil means every amount must be in
	// EUR.
	FX vat.FX
}

// Build returns the return of month from transactions held in memory, as
// [OSS.Build] does.
func (b *IOSS) Build(ctx context.Context, month vat.Period, txs []vat.Transaction, reviews []string) (*OSSReturn, error) {
	return b.build(ctx, month, Transactions{Txs: txs, Reviews: reviews}, nil)
}

// BuildFrom returns the return of month from the seller's stored history,
// read one month at a time (see [History]), as [OSS.BuildFrom] does.
func (b *IOSS) BuildFrom(ctx context.Context, month vat.Period, h *History) (*OSSReturn, error) {
	return b.build(ctx, month, h, h.Vault)
}

func (b *IOSS) build(ctx context.Context, month vat.Period, src source, v Vault) (*OSSReturn, error) {
	if month.Quarter != 0 || month.IsZero() {
		return nil, fmt.Errorf("%w: the import scheme return is monthly; got %s", ErrPeriod, month)
	}
	if b.Seller.IOSS == "" {
		return nil, fmt.Errorf("%w: give ioss_number in the seller facts", ErrNoIOSS)
	}
	return returnSpec{scheme: SchemeImport, seller: b.Seller, rates: b.Rates, rounding: b.Rounding, fx: b.FX}.build(ctx, month, src, v)
}

// NonUnion builds non-Union scheme returns (VAT Directive Arts 358a–369k):
// one a quarter, of the services a seller established outside the EU
// supplies to consumers in member states, per member state of
// consumption, rate type and rate (Art 365), converted as [OSS] converts
// (Art 366), with corrections of earlier quarters and nil returns as
// there. The seller's facts leave Established empty; Seller.OSS is the
// registration in the scheme, in the member state the seller chose (Art
// 358a(2)).
type NonUnion struct {
	Seller   vat.Seller
	Rates    *vat.RateTable
	Rounding vat.Rounding
	FX       vat.FX
}

// Build returns the return of quarter from transactions held in memory,
// as [OSS.Build] does.
func (b *NonUnion) Build(ctx context.Context, quarter vat.Period, txs []vat.Transaction, reviews []string) (*OSSReturn, error) {
	return b.build(ctx, quarter, Transactions{Txs: txs, Reviews: reviews}, nil)
}

// BuildFrom returns the return of quarter from the seller's stored
// history, read one month at a time (see [History]).
func (b *NonUnion) BuildFrom(ctx context.Context, quarter vat.Period, h *History) (*OSSReturn, error) {
	return b.build(ctx, quarter, h, h.Vault)
}

func (b *NonUnion) build(ctx context.Context, quarter vat.Period, src source, v Vault) (*OSSReturn, error) {
	if quarter.Quarter == 0 {
		return nil, fmt.Errorf("%w: the non-Union scheme return is quarterly; got %s", ErrPeriod, quarter)
	}
	if b.Seller.Established != "" {
		return nil, fmt.Errorf("%w (established in %s)", ErrEstablished, b.Seller.Established)
	}
	if b.Seller.OSS.MemberState == "" {
		return nil, errors.New("report: the seller has no member state of identification for the non-Union scheme")
	}
	return returnSpec{scheme: SchemeNonUnion, seller: b.Seller, rates: b.Rates, rounding: b.Rounding, fx: b.FX}.build(ctx, quarter, src, v)
}
