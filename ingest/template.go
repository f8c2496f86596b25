package ingest

import (
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/vatkit/vatkit/vat"
)

// The template's columns, in the order [WriteTemplateCSV] writes them.
// The package documentation describes each.
const (
	tplType = iota
	tplID
	tplLine
	tplDate
	tplOriginal
	tplSupply
	tplShipFrom
	tplShipTo
	tplNet
	tplVAT
	tplGross
	tplRate
	tplCurrency
	tplMarketplace
	tplScheme
	tplConsignment
	tplBuyerName
	tplBuyerAddress
	tplBuyerEmail
	tplBuyerVAT
	tplExcise
	tplColumns
)

// templateColumns are the names of the template's columns, in order.
var templateColumns = [tplColumns]string{
	"type", "id", "line", "date", "original_id", "supply", "ship_from", "ship_to",
	"net", "vat", "gross", "rate", "currency", "marketplace", "scheme",
	"consignment_value", "buyer_name", "buyer_address", "buyer_email", "buyer_vat_number", "excise",
}

// TemplateColumns returns the names of the template's columns, in the
// order WriteTemplateCSV writes them; the package documentation says what
// each holds.
func TemplateColumns() []string { return append([]string(nil), templateColumns[:]...) }

// templateRequired are the normalised names a template header must have.
var templateRequired = []string{"TYPE", "ID", "DATE", "CURRENCY"}

var templateKinds = map[string]vat.Kind{
	"SALE": vat.KindSale, "REFUND": vat.KindRefund, "RETURN": vat.KindReturn,
	"TRANSFER": vat.KindTransfer, "OTHER": vat.KindOther,
}

var templateSupplies = map[string]vat.Supply{
	"": vat.SupplyGoods, "GOODS": vat.SupplyGoods, "ELECTRONIC": vat.SupplyElectronic,
	"SERVICE": vat.SupplyService,
}

// columnRenames folds Options.Columns for header matching.
func (o Options) columnRenames() map[string]string {
	if len(o.Columns) == 0 {
		return nil
	}
	m := make(map[string]string, len(o.Columns))
	for from, to := range o.Columns {
		m[normName(from)] = normName(to)
	}
	return m
}

type templateMapper struct {
	pos      [tplColumns]int
	style    numberStyle
	serials  bool // dates may be Excel serial numbers (XLSX)
	date1904 bool
}

func newTemplate(h header, opts Options) *templateMapper {
	m := &templateMapper{}
	names := make([]string, tplColumns)
	for i, n := range templateColumns {
		names[i] = normName(n)
	}
	copy(m.pos[:], h.positions(names))
	if opts.DecimalComma {
		m.style = groupedComma
	}
	return m
}

func (m *templateMapper) read(c *cells) (Row, error) {
	p := &m.pos
	tx := vat.Transaction{Source: string(Template)}
	var ok bool
	if tx.Kind, ok = templateKinds[normName(c.get(p[tplType]))]; !ok {
		return Row{}, c.fail(p[tplType], "type is not sale, refund, return, transfer or other")
	}
	if tx.Supply, ok = templateSupplies[normName(c.get(p[tplSupply]))]; !ok {
		return Row{}, c.fail(p[tplSupply], "supply is not goods, electronic or service")
	}
	if tx.SourceID = strings.TrimSpace(c.get(p[tplID])); tx.SourceID == "" {
		return Row{}, c.fail(p[tplID], errMissing.Error())
	}
	tx.OriginalID = strings.TrimSpace(c.get(p[tplOriginal]))
	var err error
	if tx.TaxPoint, err = m.date(c.get(p[tplDate])); err != nil {
		return Row{}, c.fail(p[tplDate], err.Error())
	}
	if tx.Currency, err = parseCurrency(c.get(p[tplCurrency])); err != nil {
		return Row{}, c.fail(p[tplCurrency], err.Error())
	}
	for _, f := range []struct {
		col int
		dst *vat.Country
	}{{tplShipFrom, &tx.ShipFrom}, {tplShipTo, &tx.ShipTo}} {
		if s := c.get(p[f.col]); strings.TrimSpace(s) != "" {
			if *f.dst, err = parseCountry(s); err != nil {
				return Row{}, c.fail(p[f.col], err.Error())
			}
		}
	}
	if err := m.amounts(c, &tx); err != nil {
		return Row{}, err
	}
	review, err := m.rest(c, &tx)
	if err != nil {
		return Row{}, err
	}
	// Without a line column, two rows of one order differ by their amounts
	// and places: they are part of the line identity.
	key := DedupKey(&tx, c.get(p[tplLine]), c.get(p[tplDate]), c.get(p[tplShipTo]), c.get(p[tplCurrency]),
		c.get(p[tplNet]), c.get(p[tplVAT]), c.get(p[tplGross]))
	return Row{Tx: tx, Key: key, Review: review}, nil
}

// date reads ISO dates and, from a workbook, Excel's serial day numbers.
func (m *templateMapper) date(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if m.serials {
		if t, ok, err := excelSerial(s, m.date1904); ok {
			return t, err
		}
	}
	if len(s) > 10 && (s[10] == 'T' || s[10] == ' ') {
		s = s[:10] // a date-time: the day is what counts
	}
	return parseDate(s, "YMD", '-')
}

// excelSerial reads a workbook's date cell, which arrives as a serial day
// number (days since 1899-12-30, or since 1904-01-01 in the 1904 date
// system; ECMA-376 Part 1, 18.17.4 "Dates and Times"). ok is false when s is not a number.
func excelSerial(s string, date1904 bool) (t time.Time, ok bool, err error) {
	if s == "" || s[0] < '0' || s[0] > '9' || strings.ContainsAny(s, "-/") {
		return time.Time{}, false, nil
	}
	f, perr := strconv.ParseFloat(s, 64)
	if perr != nil || f < 1 || f > 200000 {
		return time.Time{}, true, errDate
	}
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return base.AddDate(0, 0, int(f)), true, nil
}

func (m *templateMapper) amounts(c *cells, tx *vat.Transaction) error {
	p := &m.pos
	for _, f := range []struct {
		col  int
		dst  *decimal.Decimal
		flag vat.Field
	}{{tplNet, &tx.Net, vat.FieldNet}, {tplVAT, &tx.VAT, vat.FieldVAT}, {tplGross, &tx.Gross, vat.FieldGross}, {tplRate, &tx.Rate, vat.FieldRate}} {
		s := strings.TrimSpace(c.get(p[f.col]))
		if f.col == tplRate {
			s = strings.TrimSpace(strings.TrimSuffix(s, "%"))
		}
		if s == "" {
			continue
		}
		d, err := parseNumber(s, m.style)
		if err != nil {
			return c.fail(p[f.col], err.Error())
		}
		*f.dst, tx.Given = d, tx.Given|f.flag
	}
	if tx.Given&(vat.FieldNet|vat.FieldVAT|vat.FieldGross) == 0 {
		return c.fail(p[tplGross], "no amount: give net, vat or gross")
	}
	neg := tx.Net.IsNegative() || tx.Gross.IsNegative() || tx.VAT.IsNegative()
	if tx.Kind == vat.KindSale && neg {
		return c.fail(p[tplGross], "negative amount on a sale")
	}
	if tx.Given.Has(vat.FieldRate) && (tx.Rate.IsNegative() || tx.Rate.GreaterThan(decimal.NewFromInt(100))) {
		return c.fail(p[tplRate], "rate outside 0 to 100 percent")
	}
	return nil
}

// rest reads the collector, scheme, consignment value and buyer.
func (m *templateMapper) rest(c *cells, tx *vat.Transaction) (string, error) {
	p := &m.pos
	switch normName(c.get(p[tplMarketplace])) {
	case "", "NO", "FALSE", "0", "SELLER":
	case "YES", "TRUE", "1", "MARKETPLACE":
		tx.Collector = vat.CollectedByMarketplace
	default:
		return "", c.fail(p[tplMarketplace], "marketplace is not yes or no")
	}
	switch normName(c.get(p[tplExcise])) {
	case "", "NO", "FALSE", "0":
	case "YES", "TRUE", "1":
		tx.Excise = true
	default:
		return "", c.fail(p[tplExcise], "excise is not yes or no")
	}
	tx.SchemeLabel = strings.TrimSpace(c.get(p[tplScheme]))
	if s := strings.TrimSpace(c.get(p[tplConsignment])); s != "" {
		d, err := parseNumber(s, m.style)
		if err != nil || d.IsNegative() {
			return "", c.fail(p[tplConsignment], errNumber.Error())
		}
		tx.ConsignmentValue = d
	}
	tx.Buyer.Name = strings.TrimSpace(c.get(p[tplBuyerName]))
	tx.Buyer.Address = strings.TrimSpace(c.get(p[tplBuyerAddress]))
	tx.Buyer.Email = strings.TrimSpace(c.get(p[tplBuyerEmail]))
	if s := strings.TrimSpace(c.get(p[tplBuyerVAT])); s != "" {
		n, err := vat.ParseNumber(s)
		if n.IsZero() {
			return "", c.fail(p[tplBuyerVAT], "buyer VAT number malformed")
		}
		tx.Buyer.VATNumber = n
		if err != nil {
			return "buyer VAT number check digits do not match", nil
		}
	}
	return "", nil
}
