package vat_test

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/vatkit/vatkit/vat"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// sale is a B2C goods sale with a net amount in EUR.
func sale(id, on string, from, to vat.Country, net string) vat.Transaction {
	return vat.Transaction{Source: "test", SourceID: id, Kind: vat.KindSale, TaxPoint: date(on),
		Supply: vat.SupplyGoods, ShipFrom: from, ShipTo: to, Net: dec(net), Given: vat.FieldNet, Currency: "EUR"}
}

func withRate(tx vat.Transaction, rate string) vat.Transaction {
	tx.Rate, tx.Given = dec(rate), tx.Given|vat.FieldRate
	return tx
}

func deSeller() vat.Seller {
	de := mustNumber("DE136308783")
	return vat.Seller{Established: vat.DE, Registrations: []vat.Number{de},
		OSS: vat.OSSRegistration{MemberState: vat.DE, From: date("2021-07-01")}}
}

func mustNumber(s string) vat.Number {
	n, err := vat.ParseNumber(s)
	if err != nil {
		panic(err)
	}
	return n
}

type expect struct {
	scheme  vat.Scheme
	country vat.Country
	rate    string
	taxable string
	vat     string
	flags   vat.Flag
}

func check(t *testing.T, got vat.Treatment, w expect) {
	t.Helper()
	if got.Scheme != w.scheme || got.Country != w.country {
		t.Fatalf("treatment = %s in %q (%s), want %s in %q", got.Scheme, got.Country, got.Reason, w.scheme, w.country)
	}
	if w.rate != "" && !got.Rate.Equal(dec(w.rate)) {
		t.Errorf("rate = %s, want %s", got.Rate, w.rate)
	}
	if w.taxable != "" && !got.Taxable.Equal(dec(w.taxable)) {
		t.Errorf("taxable = %s, want %s", got.Taxable, w.taxable)
	}
	if w.vat != "" && !got.VAT.Equal(dec(w.vat)) {
		t.Errorf("VAT = %s, want %s", got.VAT, w.vat)
	}
	if got.Flags&w.flags != w.flags {
		t.Errorf("flags = %b, want at least %b", got.Flags, w.flags)
	}
}

// E3, our own figures under Art 59c of Directive 2006/112/EC: DE seller, 2025 total 8,000;
// FR 6,000 and AT 3,500 stay in DE; the IT order of 2026-09-10 crosses and is
// taxed in IT at 22 %; every later sale of 2026 and 2027 too.
func TestE3ThresholdCrossing(t *testing.T) {
	s := deSeller()
	s.PreviousYear = decimal.NewNullDecimal(dec("8000"))
	c := vat.Classifier{Seller: s}
	txs := []vat.Transaction{
		sale("fr", "2026-03-01", vat.DE, vat.FR, "6000.00"),
		sale("at", "2026-07-15", vat.DE, vat.AT, "3500.00"),
		sale("it", "2026-09-10", vat.DE, vat.IT, "800.00"),
		sale("nl", "2026-10-01", vat.DE, vat.NL, "10.00"),
		sale("fr2", "2027-01-05", vat.DE, vat.FR, "10.00"),
	}
	got := c.ClassifyAll(txs)
	check(t, got[0], expect{scheme: vat.Domestic, country: vat.DE, rate: "19", vat: "1140.00"})
	check(t, got[1], expect{scheme: vat.Domestic, country: vat.DE, rate: "19", vat: "665.00"})
	check(t, got[2], expect{scheme: vat.OSSUnion, country: vat.IT, rate: "22", vat: "176.00", flags: vat.FlagThresholdCrossed})
	check(t, got[3], expect{scheme: vat.OSSUnion, country: vat.NL, rate: "21", vat: "2.10"})
	check(t, got[4], expect{scheme: vat.OSSUnion, country: vat.FR, rate: "20", vat: "2.00"})
	if got[3].Has(vat.FlagThresholdCrossed) {
		t.Error("only the crossing supply carries FlagThresholdCrossed")
	}
}

// The E3 variant: one warehouse outside the state of establishment removes
// the threshold altogether, from the first sale.
func TestThresholdUnavailable(t *testing.T) {
	s := deSeller()
	s.Warehouses = []vat.Country{vat.CZ}
	c := vat.Classifier{Seller: s}
	check(t, c.Classify(ptr(sale("fr", "2026-03-01", vat.DE, vat.FR, "100.00"))),
		expect{scheme: vat.OSSUnion, country: vat.FR, rate: "20", vat: "20.00"})

	s = deSeller()
	s.FixedEstablishments = []vat.Country{vat.AT}
	c = vat.Classifier{Seller: s}
	check(t, c.Classify(ptr(sale("fr", "2026-03-01", vat.DE, vat.FR, "100.00"))), expect{scheme: vat.OSSUnion, country: vat.FR})

	// Goods seen leaving from another state end the threshold for later sales.
	c = vat.Classifier{Seller: deSeller()}
	check(t, c.Classify(ptr(sale("cz", "2026-03-01", vat.CZ, vat.AT, "100.00"))), expect{scheme: vat.OSSUnion, country: vat.AT, rate: "20"})
	check(t, c.Classify(ptr(sale("de", "2026-03-02", vat.DE, vat.FR, "100.00"))), expect{scheme: vat.OSSUnion, country: vat.FR})

	// Previous year over the threshold: destination from January.
	s = deSeller()
	s.PreviousYear = decimal.NewNullDecimal(dec("10000.01"))
	c = vat.Classifier{Seller: s}
	check(t, c.Classify(ptr(sale("fr", "2026-01-02", vat.DE, vat.FR, "1.00"))), expect{scheme: vat.OSSUnion, country: vat.FR})

	// Exactly 10,000 is not over it.
	s.PreviousYear = decimal.NewNullDecimal(dec("10000"))
	c = vat.Classifier{Seller: s}
	check(t, c.Classify(ptr(sale("fr", "2026-01-02", vat.DE, vat.FR, "10000"))), expect{scheme: vat.Domestic, country: vat.DE})
	check(t, c.Classify(ptr(sale("fr", "2026-01-03", vat.DE, vat.FR, "0.01"))), expect{scheme: vat.OSSUnion, country: vat.FR, flags: vat.FlagThresholdCrossed})

	// A year over the threshold makes the whole next year destination-taxed.
	check(t, c.Classify(ptr(sale("fr", "2027-12-31", vat.DE, vat.FR, "1"))), expect{scheme: vat.OSSUnion, country: vat.FR})

	// Opted in (Art 59c(3)).
	s = deSeller()
	s.OptedIn = true
	c = vat.Classifier{Seller: s}
	check(t, c.Classify(ptr(sale("fr", "2026-01-02", vat.DE, vat.FR, "1.00"))), expect{scheme: vat.OSSUnion, country: vat.FR})
}

func ptr[T any](v T) *T { return &v }

// E4, our own figures under Arts 33 and 369b of Directive 2006/112/EC: the
// classification behind the Q3 2025 OSS return of a
// DE seller with stock in CZ, dated by supply (Estonia's 24 % from 2025-07-01).
func TestE4Classification(t *testing.T) {
	s := deSeller()
	s.Warehouses = []vat.Country{vat.CZ}
	s.Registrations = append(s.Registrations, mustNumber("CZ25123891"))
	tbe := sale("ie", "2025-08-01", "", vat.IE, "99.99")
	tbe.Supply = vat.SupplyElectronic
	b2b := sale("b2b", "2025-08-02", vat.DE, vat.FR, "1000.00")
	b2b.Buyer.VATNumber = mustNumber("FR61954506077")
	b2b.Buyer.VIES = vat.VIESEvidence{Checked: date("2025-08-02"), Valid: true}
	tests := []struct {
		name string
		tx   vat.Transaction
		want expect
	}{
		{"FR standard", sale("1", "2025-07-03", vat.DE, vat.FR, "1000.00"), expect{scheme: vat.OSSUnion, country: vat.FR, rate: "20", vat: "200.00"}},
		{"FR books 5.5", withRate(sale("2", "2025-07-04", vat.DE, vat.FR, "200.00"), "5.5"), expect{scheme: vat.OSSUnion, country: vat.FR, rate: "5.5", vat: "11.00"}},
		{"NL", sale("3", "2025-07-05", vat.DE, vat.NL, "500.00"), expect{scheme: vat.OSSUnion, country: vat.NL, rate: "21", vat: "105.00"}},
		{"EE after 2025-07-01", sale("4", "2025-07-01", vat.DE, vat.EE, "300.00"), expect{scheme: vat.OSSUnion, country: vat.EE, rate: "24", vat: "72.00"}},
		{"EE on 2025-06-30", sale("5", "2025-06-30", vat.DE, vat.EE, "300.00"), expect{scheme: vat.OSSUnion, country: vat.EE, rate: "22", vat: "66.00"}},
		{"IE TBE", tbe, expect{scheme: vat.OSSUnion, country: vat.IE, rate: "23", vat: "23.00"}},
		{"CZ stock to AT", sale("6", "2025-09-01", vat.CZ, vat.AT, "400.00"), expect{scheme: vat.OSSUnion, country: vat.AT, rate: "20", vat: "80.00"}},
		{"CZ domestic", sale("7", "2025-09-02", vat.CZ, vat.CZ, "100.00"), expect{scheme: vat.Domestic, country: vat.CZ, rate: "21", vat: "21.00"}},
		{"B2B validated", b2b, expect{scheme: vat.IntraCommunity, country: vat.DE, vat: "0", taxable: "1000.00"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := vat.Classifier{Seller: s}
			got := c.Classify(&tt.tx)
			check(t, got, tt.want)
			if tt.tx.Supply == vat.SupplyGoods && got.Scheme == vat.OSSUnion && got.DispatchedFrom != tt.tx.ShipFrom {
				t.Errorf("DispatchedFrom = %s, want %s", got.DispatchedFrom, tt.tx.ShipFrom)
			}
			if got.Has(vat.FlagUnvalidatedVATNumber) {
				t.Error("a VIES-validated number was flagged")
			}
		})
	}
}

// E6, our own figures (the taxable amount excludes the VAT itself, Art 78
// of Directive 2006/112/EC): a gross price of 10.00 at 5.5 % gives net 9.48 and
// VAT 0.52; for every rate of every country, net + VAT = gross exactly and
// the VAT agrees with net × rate to the cent.
func TestE6GrossPrices(t *testing.T) {
	c := vat.Classifier{Seller: deSeller()}
	tx := vat.Transaction{SourceID: "e6", Kind: vat.KindSale, TaxPoint: date("2025-07-01"), Supply: vat.SupplyGoods,
		ShipFrom: vat.FR, ShipTo: vat.FR, Gross: dec("10.00"), Rate: dec("5.5"), Given: vat.FieldGross | vat.FieldRate, Currency: "EUR"}
	s := deSeller()
	s.Warehouses = []vat.Country{vat.FR}
	c = vat.Classifier{Seller: s}
	got := c.Classify(&tx)
	check(t, got, expect{scheme: vat.Domestic, country: vat.FR, rate: "5.5", taxable: "9.48", vat: "0.52"})
	if got.Derived != vat.FieldNet|vat.FieldVAT {
		t.Errorf("Derived = %b, want net and VAT", got.Derived)
	}
	on := date("2026-07-01")
	for _, country := range vat.Members(on) {
		rs, err := vat.DefaultRates().Lookup(country, on)
		if err != nil {
			t.Fatal(err)
		}
		rates := append(append(append([]decimal.Decimal{rs.Standard}, rs.Reduced...), rs.SuperReduced...), rs.Parking...)
		for _, r := range rates {
			for _, gross := range []string{"0.01", "0.99", "10.00", "19.99", "1234.56"} {
				tx := vat.Transaction{Kind: vat.KindSale, TaxPoint: on, Supply: vat.SupplyGoods, ShipFrom: country, ShipTo: country,
					Gross: dec(gross), Rate: r, Given: vat.FieldGross | vat.FieldRate, Currency: "EUR"}
				got := (&vat.Classifier{Seller: vat.Seller{Established: country}}).Classify(&tx)
				if got.Scheme != vat.Domestic || !got.Taxable.Add(got.VAT).Equal(dec(gross)) {
					t.Fatalf("%s %s%% gross %s: %s %s + %s", country, r, gross, got.Scheme, got.Taxable, got.VAT)
				}
				if diff := got.Taxable.Mul(r).Div(decimal.NewFromInt(100)).Sub(got.VAT).Abs(); diff.GreaterThan(dec("0.01")) {
					t.Fatalf("%s %s%% gross %s: VAT %s is off net × rate by %s", country, r, gross, got.VAT, diff)
				}
			}
		}
	}
}

// Rates are taken on the tax point: dates on both sides of changes since 2021
// (each change's public sources are in rates.tsv).
func TestClassifyRateChanges(t *testing.T) {
	tests := []struct {
		country vat.Country
		on      string
		rate    string
	}{
		{vat.EE, "2023-12-31", "20"}, {vat.EE, "2024-01-01", "22"},
		{vat.EE, "2025-06-30", "22"}, {vat.EE, "2025-07-01", "24"},
		{vat.FI, "2024-08-31", "24"}, {vat.FI, "2024-09-01", "25.5"},
		{vat.SK, "2024-12-31", "20"}, {vat.SK, "2025-01-01", "23"},
		{vat.RO, "2025-07-31", "19"}, {vat.RO, "2025-08-01", "21"},
		{vat.LU, "2022-12-31", "17"}, {vat.LU, "2023-01-01", "16"}, {vat.LU, "2024-01-01", "17"},
		{vat.IE, "2021-02-28", "21"}, {vat.IE, "2021-03-01", "23"},
	}
	for _, tt := range tests[len(tests)-2:] {
		// Before the Union scheme (2021-07-01), a local sale from local stock.
		tx := sale("x", tt.on, tt.country, tt.country, "100.00")
		got := (&vat.Classifier{Seller: vat.Seller{Established: tt.country}}).Classify(&tx)
		check(t, got, expect{scheme: vat.Domestic, country: tt.country, rate: tt.rate})
	}
	tests = tests[:len(tests)-2]
	for _, tt := range tests {
		t.Run(string(tt.country)+"/"+tt.on, func(t *testing.T) {
			c := vat.Classifier{Seller: deSeller()}
			s := deSeller()
			s.OptedIn = true
			c.Seller = s
			got := c.Classify(ptr(sale("x", tt.on, vat.DE, tt.country, "100.00")))
			check(t, got, expect{scheme: vat.OSSUnion, country: tt.country, rate: tt.rate})
			if got.RateKind != vat.RateStandard {
				t.Errorf("rate kind = %s", got.RateKind)
			}
		})
	}
}

func TestClassifyCases(t *testing.T) {
	unvalidated := sale("b2b", "2026-02-01", vat.DE, vat.FR, "500.00")
	unvalidated.Buyer.VATNumber = mustNumber("FR61954506077")
	sameCountryNumber := sale("b2b2", "2026-02-01", vat.DE, vat.FR, "500.00")
	sameCountryNumber.Buyer.VATNumber = mustNumber("DE136308783")
	market := sale("mp", "2026-02-01", vat.DE, vat.FR, "50.00")
	market.Collector = vat.CollectedByMarketplace
	transfer := vat.Transaction{SourceID: "t", Kind: vat.KindTransfer, TaxPoint: date("2026-02-01"), ShipFrom: vat.DE, ShipTo: vat.PL,
		Net: dec("1000"), Given: vat.FieldNet, Currency: "EUR"}
	ioss := sale("im", "2026-02-01", "CN", vat.FR, "120.00")
	ioss.ConsignmentValue = dec("120.00")
	exciseImport := ioss
	exciseImport.SourceID, exciseImport.Excise = "im3", true
	bigImport := sale("im2", "2026-02-01", "CN", vat.FR, "160.00")
	bigImport.ConsignmentValue = dec("160.00")
	b2bService := sale("svc", "2026-02-01", "", vat.FR, "100.00")
	b2bService.Supply, b2bService.ShipFrom = vat.SupplyService, ""
	b2bService.Buyer.VATNumber = mustNumber("FR61954506077")
	localService := sale("svc2", "2026-02-01", "", vat.FR, "100.00")
	localService.Supply = vat.SupplyService
	xiGoods := sale("xi", "2026-02-01", vat.DE, vat.XI, "100.00")
	xiService := sale("xis", "2026-02-01", "", vat.XI, "100.00")
	xiService.Supply = vat.SupplyElectronic
	plStock := sale("pl", "2026-02-01", vat.PL, vat.PL, "100.00")

	reducedDE := sale("red", "2026-02-01", vat.DE, vat.DE, "100.00")
	reducedDE.RateKind = vat.RateReduced
	reducedFR := sale("redfr", "2026-02-01", vat.FR, vat.FR, "100.00")
	reducedFR.RateKind = vat.RateReduced

	sIOSS := deSeller()
	sIOSS.IOSS = "IM2760000001"
	tests := []struct {
		name   string
		seller vat.Seller
		tx     vat.Transaction
		want   expect
	}{
		{"B2B unvalidated", deSeller(), unvalidated, expect{scheme: vat.IntraCommunity, country: vat.DE, vat: "0", flags: vat.FlagUnvalidatedVATNumber}},
		{"B2B number of dispatch country", deSeller(), sameCountryNumber, expect{scheme: vat.NeedsReview}},
		{"marketplace", deSeller(), market, expect{scheme: vat.Marketplace, country: vat.FR}},
		{"transfer to PL unregistered", deSeller(), transfer, expect{scheme: vat.Transfer, country: vat.DE, flags: vat.FlagNotRegistered}},
		{"export to CH", deSeller(), sale("ch", "2026-02-01", vat.DE, "CH", "100.00"), expect{scheme: vat.Export, country: vat.DE, vat: "0"}},
		{"export to GB", deSeller(), sale("gb", "2026-02-01", vat.DE, vat.GB, "100.00"), expect{scheme: vat.Export, country: vat.DE}},
		{"XI goods are distance sales", func() vat.Seller { s := deSeller(); s.OptedIn = true; return s }(), xiGoods, expect{scheme: vat.OSSUnion, country: vat.XI, rate: "20"}},
		{"XI services are outside the EU", deSeller(), xiService, expect{scheme: vat.OutOfScope}},
		{"IOSS ≤ 150", sIOSS, ioss, expect{scheme: vat.ImportIOSS, country: vat.FR, rate: "20", vat: "24.00"}},
		{"import > 150", sIOSS, bigImport, expect{scheme: vat.Import, country: vat.FR}},
		{"excise goods ≤ 150 are no IOSS (Art 369l(1))", sIOSS, exciseImport, expect{scheme: vat.Import, country: vat.FR, flags: vat.FlagExcise}},
		{"import without IOSS", deSeller(), ioss, expect{scheme: vat.Import, country: vat.FR}},
		{"B2B service reverse charge", deSeller(), b2bService, expect{scheme: vat.ReverseCharge, country: vat.FR, vat: "0", flags: vat.FlagUnvalidatedVATNumber}},
		{"B2C other service at home", deSeller(), localService, expect{scheme: vat.Domestic, country: vat.DE, rate: "19"}},
		{"PL stock local sale unregistered", deSeller(), plStock, expect{scheme: vat.Domestic, country: vat.PL, rate: "23", flags: vat.FlagNotRegistered}},
		{"rate kind reduced, one reduced rate", deSeller(), reducedDE, expect{scheme: vat.Domestic, country: vat.DE, rate: "7", vat: "7.00"}},
		{"rate kind reduced, several reduced rates", deSeller(), reducedFR, expect{scheme: vat.NeedsReview}},
		{"no rate assumed standard", deSeller(), sale("std", "2026-02-01", vat.DE, vat.DE, "100"), expect{scheme: vat.Domestic, country: vat.DE, rate: "19", flags: vat.FlagAssumedStandardRate}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := vat.Classifier{Seller: tt.seller}
			got := c.Classify(&tt.tx)
			check(t, got, tt.want)
			if tt.want.scheme == vat.NeedsReview && got.Reason == "" {
				t.Error("NeedsReview without a reason")
			}
		})
	}
}

// Bad input never panics and never vanishes: each case is NeedsReview with a
// reason.
func TestClassifyBadInput(t *testing.T) {
	base := sale("x", "2026-02-01", vat.DE, vat.DE, "100.00")
	mod := func(f func(*vat.Transaction)) vat.Transaction { tx := base; f(&tx); return tx }
	tests := map[string]vat.Transaction{
		"no date":             mod(func(tx *vat.Transaction) { tx.TaxPoint = time.Time{} }),
		"no currency":         mod(func(tx *vat.Transaction) { tx.Currency = "" }),
		"unknown country":     mod(func(tx *vat.Transaction) { tx.ShipTo = "QQ"; tx.ShipFrom = "QQ" }),
		"rate not in country": withRate(base, "7.7"),
		"negative sale":       mod(func(tx *vat.Transaction) { tx.Net = dec("-1") }),
		"net+vat≠gross": mod(func(tx *vat.Transaction) {
			tx.VAT, tx.Gross, tx.Given = dec("19.00"), dec("120.00"), vat.FieldNet|vat.FieldVAT|vat.FieldGross
		}),
		"no amount":            mod(func(tx *vat.Transaction) { tx.Given = 0 }),
		"unknown kind":         mod(func(tx *vat.Transaction) { tx.Kind = vat.KindUnknown }),
		"unknown supply":       mod(func(tx *vat.Transaction) { tx.Supply = vat.SupplyUnknown }),
		"orphan refund":        mod(func(tx *vat.Transaction) { tx.Kind = vat.KindRefund; tx.OriginalID = "nope" }),
		"date before table":    mod(func(tx *vat.Transaction) { tx.TaxPoint = date("2019-01-01") }),
		"stated VAT fits none": mod(func(tx *vat.Transaction) { tx.VAT, tx.Given = dec("3.33"), vat.FieldNet|vat.FieldVAT }),
		"foreign currency no FX": mod(func(tx *vat.Transaction) {
			tx.ShipTo, tx.Currency = vat.FR, "USD"
		}),
		"distance sale before 2021-07-01": mod(func(tx *vat.Transaction) {
			tx.ShipTo, tx.TaxPoint = vat.FR, date("2021-06-30")
		}),
	}
	for name, tx := range tests {
		t.Run(name, func(t *testing.T) {
			c := vat.Classifier{Seller: deSeller()}
			got := c.Classify(&tx)
			if got.Scheme != vat.NeedsReview || got.Reason == "" {
				t.Fatalf("got %s (%q), want NeedsReview with a reason", got.Scheme, got.Reason)
			}
		})
	}
}

// The source's VAT is reconciled with vatkit's: a difference over one cent is
// reported with both figures.
func TestClassifyReconciliation(t *testing.T) {
	tx := withRate(sale("r", "2026-02-01", vat.DE, vat.DE, "100.00"), "19")
	tx.VAT, tx.Given = dec("18.50"), tx.Given|vat.FieldVAT
	got := (&vat.Classifier{Seller: deSeller()}).Classify(&tx)
	if !got.Has(vat.FlagVATDiffers) || !got.SourceVAT.Equal(dec("18.50")) || !got.VAT.Equal(dec("19.00")) {
		t.Fatalf("got flags %b source %s ours %s", got.Flags, got.SourceVAT, got.VAT)
	}
	tx.VAT = dec("19.01")
	if got := (&vat.Classifier{Seller: deSeller()}).Classify(&tx); got.Has(vat.FlagVATDiffers) {
		t.Fatal("a one-cent difference is not reported")
	}
}

// Refunds follow their sale's treatment and rate; one in a later quarter
// corrects the sale's quarter.
func TestClassifyRefunds(t *testing.T) {
	s := deSeller()
	s.OptedIn = true
	c := vat.Classifier{Seller: s}
	check(t, c.Classify(ptr(sale("o1", "2025-06-30", vat.DE, vat.EE, "100.00"))), expect{scheme: vat.OSSUnion, country: vat.EE, rate: "22"})
	r := sale("r1", "2025-07-10", vat.DE, vat.EE, "-100.00")
	r.Kind, r.OriginalID = vat.KindRefund, "o1"
	got := c.Classify(&r)
	check(t, got, expect{scheme: vat.OSSUnion, country: vat.EE, rate: "22", taxable: "-100.00", vat: "-22.00", flags: vat.FlagCorrection})
	if got.Period.String() != "2025-Q2" {
		t.Errorf("refund period = %s, want the sale's 2025-Q2", got.Period)
	}
}

// Property: a sale followed by its full refund, in any quarter, nets to zero
// taxable amount and zero VAT, whatever the route and amount.
func TestRefundsCancelSales(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	countries := vat.Members(date("2026-01-01"))
	for i := range 500 {
		from := countries[rng.IntN(len(countries))]
		to := countries[rng.IntN(len(countries))]
		net := decimal.New(int64(rng.IntN(1_000_000)+1), -2)
		on := date("2025-01-01").AddDate(0, 0, rng.IntN(700))
		id := strconv.Itoa(i)
		tx := sale(id, on.Format(time.DateOnly), from, to, net.String())
		if rng.IntN(2) == 0 {
			tx.Given, tx.Gross = vat.FieldGross, net
		}
		c := vat.Classifier{Seller: vat.Seller{Established: from, OSS: vat.OSSRegistration{MemberState: from, From: date("2021-07-01")}, OptedIn: rng.IntN(2) == 0}}
		s := c.Classify(&tx)
		ref := tx
		ref.SourceID, ref.Kind, ref.OriginalID = "r"+id, vat.KindRefund, id
		ref.TaxPoint = on.AddDate(0, 0, rng.IntN(200))
		r := c.Classify(&ref)
		if s.Scheme != r.Scheme || s.Country != r.Country || !s.Rate.Equal(r.Rate) {
			t.Fatalf("refund %v differs from sale %v", r, s)
		}
		if !s.Taxable.Add(r.Taxable).IsZero() || !s.VAT.Add(r.VAT).IsZero() {
			t.Fatalf("%s→%s %s: sale %s/%s, refund %s/%s", from, to, net, s.Taxable, s.VAT, r.Taxable, r.VAT)
		}
	}
}

func TestClassifyOrder(t *testing.T) {
	c := vat.Classifier{Seller: deSeller()}
	c.Classify(ptr(sale("a", "2026-05-01", vat.DE, vat.FR, "10")))
	got := c.Classify(ptr(sale("b", "2026-04-01", vat.DE, vat.FR, "10")))
	if got.Scheme != vat.NeedsReview {
		t.Fatalf("an out-of-order sale that the threshold decides got %s", got.Scheme)
	}
}

// DispatchCountries lists the other states goods left from in sales and
// transfers, once each, in order; services, refunds and non-EU origins do
// not count.
func TestDispatchCountries(t *testing.T) {
	svc := sale("s", "2026-01-01", vat.FR, vat.FR, "1")
	svc.Supply = vat.SupplyElectronic
	ref := sale("r", "2026-01-01", vat.IT, vat.DE, "-1")
	ref.Kind = vat.KindRefund
	tr := vat.Transaction{Kind: vat.KindTransfer, Supply: vat.SupplyGoods, TaxPoint: date("2026-01-01"), ShipFrom: vat.PL, ShipTo: vat.CZ}
	txs := []vat.Transaction{
		sale("1", "2026-01-01", vat.DE, vat.FR, "1"), sale("2", "2026-01-02", vat.CZ, vat.AT, "1"),
		svc, ref, tr, sale("3", "2026-01-03", vat.CZ, vat.DE, "1"), sale("4", "2026-01-03", "CN", vat.DE, "1"),
	}
	got := vat.DispatchCountries(txs, vat.DE)
	if len(got) != 2 || got[0] != vat.CZ || got[1] != vat.PL {
		t.Fatalf("DispatchCountries = %v, want [CZ PL]", got)
	}
}

// A seller established outside the EU (Established "") that uses the
// non-Union scheme, identified in IE (Arts 358a–369k).
func nonUnionSeller() vat.Seller {
	return vat.Seller{OSS: vat.OSSRegistration{MemberState: vat.IE, From: date("2021-07-01")}}
}

func TestNonUnionServices(t *testing.T) {
	service := func(to vat.Country, supply vat.Supply) vat.Transaction {
		tx := sale("s", "2026-08-03", "", to, "100.00")
		tx.Supply = supply
		return tx
	}
	b2b := service(vat.FR, vat.SupplyElectronic)
	b2b.Buyer.VATNumber = mustNumber("FR61954506077")
	unregistered := nonUnionSeller()
	unregistered.OSS = vat.OSSRegistration{}
	cases := []struct {
		name   string
		seller vat.Seller
		tx     vat.Transaction
		want   expect
	}{
		// Art 58: where the consumer is, at that state's rate; no €10,000
		// threshold for a seller established outside the EU (Art 59c(1)(a)).
		{"e-service to a French consumer", nonUnionSeller(), service(vat.FR, vat.SupplyElectronic),
			expect{scheme: vat.OSSNonUnion, country: vat.FR, rate: "20", taxable: "100.00", vat: "20.00"}},
		{"e-service to a Hungarian consumer", nonUnionSeller(), service(vat.HU, vat.SupplyElectronic),
			expect{scheme: vat.OSSNonUnion, country: vat.HU, rate: "27", vat: "27.00"}},
		{"without the scheme: that state's own return", unregistered, service(vat.FR, vat.SupplyElectronic),
			expect{scheme: vat.Domestic, country: vat.FR, rate: "20", flags: vat.FlagNotRegistered}},
		{"to a business: the customer accounts (Art 196)", nonUnionSeller(), b2b,
			expect{scheme: vat.OutOfScope, country: vat.FR}},
		{"to a consumer outside the EU", nonUnionSeller(), service("US", vat.SupplyElectronic),
			expect{scheme: vat.OutOfScope}},
		{"another service: a person decides (Arts 45, 47–56)", nonUnionSeller(), service(vat.FR, vat.SupplyService),
			expect{scheme: vat.NeedsReview}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cl := vat.Classifier{Seller: c.seller}
			check(t, cl.Classify(&c.tx), c.want)
		})
	}
}

// A refund of a non-Union supply of an earlier quarter corrects that
// quarter at the supply's rate.
func TestNonUnionRefundCorrects(t *testing.T) {
	s := sale("s1", "2026-06-20", "", vat.DE, "50.00")
	s.Supply = vat.SupplyElectronic
	r := sale("r1", "2026-07-02", "", vat.DE, "-50.00")
	r.Supply, r.Kind, r.OriginalID = vat.SupplyElectronic, vat.KindRefund, "s1"
	cl := vat.Classifier{Seller: nonUnionSeller()}
	ts := cl.ClassifyAll([]vat.Transaction{s, r})
	check(t, ts[1], expect{scheme: vat.OSSNonUnion, country: vat.DE, rate: "19", taxable: "-50.00", vat: "-9.50", flags: vat.FlagCorrection})
	if ts[1].Period.String() != "2026-Q2" {
		t.Errorf("correction of %s, want 2026-Q2", ts[1].Period)
	}
}

// The seller owes the VAT of a domestic supply and of the three
// One-Stop-Shop schemes; under every other scheme it owes none.
func TestSchemeCharged(t *testing.T) {
	owed := map[vat.Scheme]bool{vat.Domestic: true, vat.OSSUnion: true, vat.OSSNonUnion: true, vat.ImportIOSS: true}
	for s := vat.NeedsReview; s <= vat.OSSNonUnion; s++ {
		if got := s.Charged(); got != owed[s] {
			t.Errorf("%s.Charged() = %v, want %v", s, got, owed[s])
		}
	}
}
