package gen

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"

	"github.com/shopspring/decimal"
)

// VTRConfig says what VTR writes. The zero value writes the 95-column
// layout, tab-separated with CRLF line ends, without rows.
type VTRConfig struct {
	Rows   int    // data rows, about
	Seed   uint64 // same seed, same file
	Legacy bool   // the 92-column layout of before July 2021
	// Comma separates with commas and quotes every field, as re-exports do.
	Comma bool
	// DuplicateEvery writes every n-th row twice (0: never).
	DuplicateEvery int
}

// VTR writes an Amazon VAT Transactions Report: sales from a German
// warehouse to customers across the EU, about one refund and one return
// per 20 sales, a cross-border FC transfer every 25 rows, and (95-column
// layout) a marketplace-collected sale every 50. Like Amazon's, its rows
// drop trailing empty fields.
func VTR(w io.Writer, cfg VTRConfig) (Totals, error) {
	g := &vtrGen{cfg: cfg, r: newRand(cfg.Seed), bw: bufio.NewWriterSize(w, 64<<10)}
	g.header = vtr95
	if cfg.Legacy {
		g.header = vtr92
	}
	g.rec = make([]string, len(g.header))
	g.idx = make(map[string]int, len(g.header))
	for i, h := range g.header {
		g.idx[h] = i
	}
	g.write(g.header)
	for g.t.Rows < cfg.Rows {
		g.next()
	}
	return g.t, g.bw.Flush()
}

type vtrGen struct {
	cfg    VTRConfig
	r      *rand.Rand
	bw     *bufio.Writer
	header []string
	idx    map[string]int // column positions by name
	rec    []string
	t      Totals
	n      int
}

// set fills a column; columns the layout lacks (PROGRAM_TYPE in the
// 92-column one) are skipped.
func (g *vtrGen) set(name, v string) {
	if i, ok := g.idx[name]; ok {
		g.rec[i] = v
	}
}

func (g *vtrGen) next() {
	g.n++
	switch {
	case g.n%25 == 0:
		g.transfer()
	default:
		d := destinations[g.r.IntN(len(destinations))]
		net := money(g.r)
		market := !g.cfg.Legacy && g.n%50 == 1
		g.sale(d, net, market)
		if g.n%20 == 3 && g.t.Rows < g.cfg.Rows {
			g.refund(d, net)
		}
	}
}

func (g *vtrGen) reset(typ string) {
	clear(g.rec)
	g.set("UNIQUE_ACCOUNT_IDENTIFIER", "A2SYNTHETIC0001")
	g.set("ACTIVITY_PERIOD", "2026-JUL")
	g.set("SALES_CHANNEL", "AFN")
	g.set("MARKETPLACE", "amazon.de")
	g.set("PROGRAM_TYPE", "REGULAR")
	g.set("TRANSACTION_TYPE", typ)
	g.set("SELLER_SKU", fmt.Sprintf("SKU-%04d", g.n%997))
	g.set("ASIN", fmt.Sprintf("B0%08d", g.n%997))
	g.set("ITEM_DESCRIPTION", "Synthetic item, cotton | size M")
	g.set("QTY", "1")
	g.set("PRODUCT_TAX_CODE", "A_GEN_STANDARD")
	g.set("DEPATURE_CITY", "Leipzig")
	g.set("DEPARTURE_COUNTRY", "DE")
	g.set("DEPARTURE_POST_CODE", "04158")
}

func (g *vtrGen) day() string { return fmt.Sprintf("%02d-07-2026", 1+g.n%31) }

func (g *vtrGen) sale(d country, net decimal.Decimal, market bool) {
	g.reset("SALE")
	order := fmt.Sprintf("302-%07d-%07d", g.n, g.n*7%9999999)
	g.set("TRANSACTION_EVENT_ID", order)
	g.set("ACTIVITY_TRANSACTION_ID", fmt.Sprintf("S%08d", g.n))
	g.dates()
	n, v, gr := split(net, d.rate)
	g.amounts(n, v, gr, d.rate)
	g.places(d)
	g.set("TAX_REPORTING_SCHEME", "UNION-OSS")
	g.set("TAX_COLLECTION_RESPONSIBILITY", "SELLER")
	if d.code == "DE" {
		g.set("TAX_REPORTING_SCHEME", "REGULAR")
	}
	if market {
		g.set("TAX_REPORTING_SCHEME", "DEEMED_RESELLER-IOSS")
		g.set("TAX_COLLECTION_RESPONSIBILITY", "MARKETPLACE")
		g.t.Marketplace++
	}
	g.t.Sales++
	g.total(n, v, gr)
	g.emit()
}

func (g *vtrGen) refund(d country, net decimal.Decimal) {
	n, v, gr := split(net, d.rate)
	g.reset("REFUND")
	g.set("TRANSACTION_EVENT_ID", fmt.Sprintf("302-%07d-%07d", g.n, g.n*7%9999999))
	g.set("ACTIVITY_TRANSACTION_ID", fmt.Sprintf("amzn1:crow:R%08d", g.n))
	g.dates()
	g.amounts(n.Neg(), v.Neg(), gr.Neg(), d.rate)
	g.places(d)
	g.set("DEPARTURE_COUNTRY", "") // as in the real reports
	g.set("TAX_REPORTING_SCHEME", "UNION-OSS")
	g.set("TAX_COLLECTION_RESPONSIBILITY", "SELLER")
	g.t.Refunds++
	g.total(n.Neg(), v.Neg(), gr.Neg())
	g.emit()
	if g.t.Rows < g.cfg.Rows {
		g.reset("RETURN")
		g.set("TRANSACTION_EVENT_ID", fmt.Sprintf("302-%07d-%07d", g.n, g.n*7%9999999))
		g.set("ACTIVITY_TRANSACTION_ID", fmt.Sprintf("RET%08d", g.n))
		g.set("TRANSACTION_COMPLETE_DATE", g.day())
		g.places(d)
		g.t.Returns++
		g.emit()
	}
}

func (g *vtrGen) transfer() {
	g.reset("FC_TRANSFER")
	g.set("MARKETPLACE", "N/A")
	id := fmt.Sprintf("%010d", 4770000000+g.n)
	g.set("TRANSACTION_EVENT_ID", id)
	g.set("ACTIVITY_TRANSACTION_ID", id)
	g.set("TRANSACTION_DEPART_DATE", g.day())
	g.set("TRANSACTION_COMPLETE_DATE", g.day())
	g.set("COST_PRICE_OF_ITEMS", "7.50")
	g.set("ARRIVAL_CITY", "Poznan")
	g.set("ARRIVAL_COUNTRY", "PL")
	g.set("ARRIVAL_POST_CODE", "62-080")
	g.set("TRANSPORTATION_MODE", "TRANSPORT_BY_ROAD")
	g.t.Transfers++
	g.emit()
}

func (g *vtrGen) dates() {
	g.set("TAX_CALCULATION_DATE", g.day())
	g.set("TRANSACTION_DEPART_DATE", g.day())
	g.set("TRANSACTION_COMPLETE_DATE", g.day())
	g.set("TRANSACTION_CURRENCY_CODE", "EUR")
}

func (g *vtrGen) amounts(n, v, gr decimal.Decimal, rate string) {
	for _, c := range []string{"PRICE_OF_ITEMS_AMT_VAT_EXCL", "TOTAL_PRICE_OF_ITEMS_AMT_VAT_EXCL", "TOTAL_ACTIVITY_VALUE_AMT_VAT_EXCL"} {
		g.set(c, n.StringFixed(2))
	}
	for _, c := range []string{"PRICE_OF_ITEMS_VAT_AMT", "TOTAL_PRICE_OF_ITEMS_VAT_AMT", "TOTAL_ACTIVITY_VALUE_VAT_AMT"} {
		g.set(c, v.StringFixed(2))
	}
	for _, c := range []string{"PRICE_OF_ITEMS_AMT_VAT_INCL", "TOTAL_PRICE_OF_ITEMS_AMT_VAT_INCL", "TOTAL_ACTIVITY_VALUE_AMT_VAT_INCL"} {
		g.set(c, gr.StringFixed(2))
	}
	g.set("PRICE_OF_ITEMS_VAT_RATE_PERCENT", rate)
}

func (g *vtrGen) places(d country) {
	g.set("ARRIVAL_CITY", d.city)
	g.set("ARRIVAL_COUNTRY", d.code)
	g.set("ARRIVAL_POST_CODE", d.post)
	g.set("SALE_DEPART_COUNTRY", "DE")
	g.set("SALE_ARRIVAL_COUNTRY", d.code)
	g.set("VAT_CALCULATION_IMPUTATION_COUNTRY", d.code)
	g.set("TAXABLE_JURISDICTION", d.name)
	g.set("TAXABLE_JURISDICTION_LEVEL", "Country")
	g.set("TRANSPORTATION_MODE", "CONSIGNMENT_BY_POST")
	g.set("DELIVERY_CONDITIONS", "DAP")
	g.set("EXPORT_OUTSIDE_EU", "NO")
}

func (g *vtrGen) total(n, v, gr decimal.Decimal) {
	g.t.Net, g.t.VAT, g.t.Gross = g.t.Net.Add(n), g.t.VAT.Add(v), g.t.Gross.Add(gr)
}

// emit writes the record, dropping trailing empty fields as Amazon does,
// and again when it is due for duplication.
func (g *vtrGen) emit() {
	end := len(g.rec)
	for end > 1 && g.rec[end-1] == "" {
		end--
	}
	g.write(g.rec[:end])
	g.t.Rows++
	if k := g.cfg.DuplicateEvery; k > 0 && g.t.Rows%k == 0 && g.t.Rows < g.cfg.Rows {
		g.write(g.rec[:end])
		g.t.Rows++
		g.t.Duplicates++
	}
}

func (g *vtrGen) write(fields []string) {
	if !g.cfg.Comma {
		g.bw.WriteString(strings.Join(fields, "\t"))
		g.bw.WriteString("\r\n")
		return
	}
	for i, f := range fields {
		if i > 0 {
			g.bw.WriteByte(',')
		}
		g.bw.WriteByte('"')
		g.bw.WriteString(strings.ReplaceAll(f, `"`, `""`))
		g.bw.WriteByte('"')
	}
	g.bw.WriteString("\r\n")
}
