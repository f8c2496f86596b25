package ingest

import (
	"strings"
	"time"

	"github.com/vatkit/vatkit/vat"
)

// The Amazon VAT Transactions Report columns the reader uses, by header
// name (Amazon Seller Central help 202098210, "Amazon VAT Transactions
// Report Field Definitions"). Positions differ between the 92- and
// 95-column layouts, so nothing is read by position.
const (
	vtrAccount = iota
	vtrProgram
	vtrType
	vtrEvent
	vtrActivity
	vtrTaxDate
	vtrDepartDate
	vtrCompleteDate
	vtrSKU
	vtrQty
	vtrCost
	vtrNet
	vtrRate
	vtrVAT
	vtrGross
	vtrCurrency
	vtrDepartCountry
	vtrArrivalCountry
	vtrArrivalPost
	vtrSaleDepart
	vtrSaleArrival
	vtrBuyerVATCountry
	vtrBuyerVAT
	vtrJurisdiction
	vtrInvConverted
	vtrInvCurrency
	vtrInvRate
	vtrBuyerName
	vtrAddress
	vtrScheme
	vtrResponsibility
	vtrArrivalCity
	vtrSellerDepartCountry
	vtrSellerDepartNumber
	vtrExport
	vtrColumns
)

var vtrNames = [vtrColumns]string{
	"UNIQUE_ACCOUNT_IDENTIFIER", "PROGRAM_TYPE", "TRANSACTION_TYPE", "TRANSACTION_EVENT_ID",
	"ACTIVITY_TRANSACTION_ID", "TAX_CALCULATION_DATE", "TRANSACTION_DEPART_DATE",
	"TRANSACTION_COMPLETE_DATE", "SELLER_SKU", "QTY", "COST_PRICE_OF_ITEMS",
	"TOTAL_ACTIVITY_VALUE_AMT_VAT_EXCL", "PRICE_OF_ITEMS_VAT_RATE_PERCENT",
	"TOTAL_ACTIVITY_VALUE_VAT_AMT", "TOTAL_ACTIVITY_VALUE_AMT_VAT_INCL",
	"TRANSACTION_CURRENCY_CODE", "DEPARTURE_COUNTRY", "ARRIVAL_COUNTRY", "ARRIVAL_POST_CODE",
	"SALE_DEPART_COUNTRY", "SALE_ARRIVAL_COUNTRY", "BUYER_VAT_NUMBER_COUNTRY",
	"BUYER_VAT_NUMBER", "TAXABLE_JURISDICTION", "VAT_INV_CONVERTED_AMT",
	"VAT_INV_CURRENCY_CODE", "VAT_INV_EXCHANGE_RATE", "BUYER_NAME", "ARRIVAL_ADDRESS",
	"TAX_REPORTING_SCHEME", "TAX_COLLECTION_RESPONSIBILITY", "ARRIVAL_CITY",
	"SELLER_DEPART_VAT_NUMBER_COUNTRY", "SELLER_DEPART_COUNTRY_VAT_NUMBER", "EXPORT_OUTSIDE_EU",
}

// vtrRequired must be in the header; the others may be missing (the
// 92-column layout has no PROGRAM_TYPE, scheme or responsibility).
var vtrRequired = []int{vtrAccount, vtrType, vtrEvent, vtrActivity, vtrCompleteDate, vtrSKU,
	vtrNet, vtrVAT, vtrGross, vtrCurrency, vtrSaleDepart, vtrSaleArrival}

type vtrMapper struct {
	pos      [vtrColumns]int
	style    numberStyle
	serials  bool // dates may be Excel serial numbers (a report saved as XLSX)
	date1904 bool
}

// newVTR maps the columns of h. Amazon writes 1234.56 and DD-MM-YYYY; a
// report re-saved by a continental Excel has semicolons, decimal commas
// and DD.MM.YYYY (as the re-saved copies of real reports in
// github.com/TM312/vat_automation show), which a semicolon-separated
// file is therefore allowed (VTR amounts have no thousands separators, so
// either mark is unambiguous).
func newVTR(h header) (*vtrMapper, error) {
	m := &vtrMapper{style: plainDot}
	if h.comma == ';' {
		m.style = eitherMark
	}
	copy(m.pos[:], h.positions(vtrNames[:]))
	var missing []string
	for _, c := range vtrRequired {
		if m.pos[c] < 0 {
			missing = append(missing, vtrNames[c])
		}
	}
	if missing != nil {
		return nil, &FormatError{Format: AmazonVTR, Err: ErrUnknownFormat, Reason: "missing columns " + strings.Join(missing, ", ")}
	}
	return m, nil
}

// vtrKind maps TRANSACTION_TYPE (Amazon Seller Central help 202098170,
// "Amazon VAT Transactions Report FAQ"). A RETURN is the
// goods coming back and carries no money: the REFUND of the same order
// does, so RETURN is KindOther and never counted twice. Inbound shipments
// and FC transfers are movements of own goods; a commingling purchase is
// a purchase, not a supply.
var vtrKind = map[string]vat.Kind{
	"SALE":               vat.KindSale,
	"REFUND":             vat.KindRefund,
	"RETURN":             vat.KindOther,
	"FC_TRANSFER":        vat.KindTransfer,
	"INBOUND":            vat.KindTransfer,
	"COMMINGLING_SELL":   vat.KindSale,
	"COMMINGLING_BUY":    vat.KindOther,
	"LIQUIDATION_SALE":   vat.KindSale,
	"LIQUIDATION_REFUND": vat.KindRefund,
	"DONATION":           vat.KindOther,
}

// vtrSchemes are the TAX_REPORTING_SCHEME values seen in the report
// (Amazon publishes no closed list); any other is kept and flagged for
// review.
var vtrSchemes = map[string]bool{
	"": true, "REGULAR": true, "UNION-OSS": true, "DEEMED_RESELLER-IOSS": true, "IMPORT-OSS": true,
	"UK_VOEC-DOMESTIC": true, "UK_VOEC-IMPORT": true, "CH_VOEC": true, "NO_VOEC": true,
	"COMMINGLE_VAT": true, "DEEMED_RESELLER": true,
}

func (m *vtrMapper) read(c *cells) (Row, error) {
	p := &m.pos
	typ := strings.ToUpper(strings.TrimSpace(c.get(p[vtrType])))
	tx := vat.Transaction{Source: string(AmazonVTR), Supply: vat.SupplyGoods}
	var review []string
	kind, known := vtrKind[typ]
	if !known {
		if typ == "" {
			return Row{}, c.fail(p[vtrType], errMissing.Error())
		}
		kind = vat.KindOther
		review = append(review, "Amazon's report has a transaction type we do not know: check what the row is; it is not counted as a sale.")
	}
	tx.Kind = kind
	if typ == "DONATION" {
		review = append(review, "A donation: goods given away can be a supply you owe VAT on (Art 16); check it with your adviser.")
	}
	if err := m.dates(c, &tx); err != nil {
		return Row{}, err
	}
	r, err := m.places(c, &tx, typ)
	if err != nil {
		return Row{}, err
	}
	review = append(review, r...)
	r, err = m.amounts(c, &tx, typ)
	if err != nil {
		return Row{}, err
	}
	review = append(review, r...)
	review = append(review, m.regime(c, &tx)...)
	review = append(review, m.sellerNumber(c, &tx)...)
	if r, err = m.buyer(c, &tx); err != nil {
		return Row{}, err
	}
	review = append(review, r...)
	m.ids(c, &tx, typ)
	key := DedupKey(&tx, c.get(p[vtrAccount]), typ, c.get(p[vtrEvent]), c.get(p[vtrActivity]), c.get(p[vtrSKU]))
	return Row{Tx: tx, Key: key, Review: strings.Join(review, " ")}, nil
}

// ids sets SourceID to order/SKU for sales, so that a refund of the same
// order and SKU links to it through OriginalID; other rows add the
// activity id, which is unique to the refund, return or movement.
func (m *vtrMapper) ids(c *cells, tx *vat.Transaction, typ string) {
	order, sku := c.get(m.pos[vtrEvent]), c.get(m.pos[vtrSKU])
	line := order + "/" + sku
	switch tx.Kind {
	case vat.KindSale:
		tx.SourceID = line
	case vat.KindRefund:
		tx.SourceID, tx.OriginalID = order+"/"+c.get(m.pos[vtrActivity])+"/"+sku, line
	default:
		tx.SourceID = typ + "/" + order + "/" + c.get(m.pos[vtrActivity]) + "/" + sku
		if typ == "RETURN" {
			tx.OriginalID = line
		}
	}
}

// dates takes the tax point from TRANSACTION_COMPLETE_DATE, which decides
// Amazon's ACTIVITY_PERIOD and the period of a refund (Amazon Seller
// Central help 202098210), then TAX_CALCULATION_DATE, then the departure date.
func (m *vtrMapper) dates(c *cells, tx *vat.Transaction) error {
	for _, col := range []int{vtrCompleteDate, vtrTaxDate, vtrDepartDate} {
		s := c.get(m.pos[col])
		if strings.TrimSpace(s) == "" {
			continue
		}
		t, err := m.date(s)
		if err != nil {
			return c.fail(m.pos[col], err.Error())
		}
		if tx.TaxPoint.IsZero() {
			tx.TaxPoint = t
		}
	}
	if tx.TaxPoint.IsZero() {
		return c.fail(m.pos[vtrCompleteDate], errMissing.Error())
	}
	return nil
}

// date reads DD-MM-YYYY, and the DD.MM.YYYY, DD/MM/YYYY or date cell an
// Excel round trip makes of it.
func (m *vtrMapper) date(s string) (time.Time, error) {
	if m.serials {
		if t, ok, err := excelSerial(strings.TrimSpace(s), m.date1904); ok {
			return t, err
		}
	}
	sep := byte('-')
	if i := strings.IndexAny(s, "./"); i >= 0 {
		sep = s[i]
	}
	return parseDate(s, "DMY", sep)
}

// places reads the sale countries, or for movements the physical ones
// (Amazon Seller Central help 202098210), and the jurisdiction's name.
func (m *vtrMapper) places(c *cells, tx *vat.Transaction, typ string) ([]string, error) {
	from, to := vtrSaleDepart, vtrSaleArrival
	if tx.Kind == vat.KindTransfer || typ == "RETURN" && c.get(m.pos[vtrSaleDepart]) == "" {
		from, to = vtrDepartCountry, vtrArrivalCountry
	}
	var err error
	if tx.ShipFrom, err = m.country(c, from); err != nil {
		return nil, err
	}
	if tx.ShipTo, err = m.country(c, to); err != nil {
		return nil, err
	}
	// Goods to Northern Ireland keep EU VAT rules: GB with a BT postcode
	// is XI (Withdrawal Agreement, Protocol on Ireland/Northern Ireland,
	// Art. 8; BT is Northern Ireland's postcode area).
	if tx.ShipTo == vat.GB && strings.HasPrefix(strings.ToUpper(strings.TrimSpace(c.get(m.pos[vtrArrivalPost]))), "BT") {
		tx.ShipTo = vat.XI
	}
	review := m.territory(c, tx)
	if j := strings.TrimSpace(c.get(m.pos[vtrJurisdiction])); j != "" {
		if _, ok := jurisdiction(j); !ok {
			review = append(review, "Amazon's report names a taxable jurisdiction we do not know: check the row.")
		}
	}
	// A sale without an arrival country is left to the rules, which
	// review it: the row is listed once.
	return review, nil
}

func (m *vtrMapper) country(c *cells, col int) (vat.Country, error) {
	s := strings.TrimSpace(c.get(m.pos[col]))
	if s == "" {
		return "", nil
	}
	k, err := parseCountry(s)
	if err != nil {
		return "", c.fail(m.pos[col], err.Error())
	}
	return k, nil
}

// regime reads who collected the VAT and under which scheme label.
func (m *vtrMapper) regime(c *cells, tx *vat.Transaction) []string {
	var review []string
	tx.SchemeLabel = strings.ToUpper(strings.TrimSpace(c.get(m.pos[vtrScheme])))
	if !vtrSchemes[tx.SchemeLabel] {
		review = append(review, "Amazon's report names a tax reporting scheme we do not know: check how Amazon reported the VAT of this sale.")
	}
	switch strings.ToUpper(strings.TrimSpace(c.get(m.pos[vtrResponsibility]))) {
	case "MARKETPLACE":
		tx.Collector = vat.CollectedByMarketplace
	case "", "SELLER":
	default:
		review = append(review, "Amazon's report does not say clearly who collected the VAT, you or Amazon: check the row.")
	}
	return review
}

// buyer reads the buyer's personal data. A VAT number failing only its
// check digits is kept (VIES is the authority); a malformed one is
// dropped and the row flagged.
func (m *vtrMapper) buyer(c *cells, tx *vat.Transaction) ([]string, error) {
	tx.Buyer.Name = strings.TrimSpace(c.get(m.pos[vtrBuyerName]))
	tx.Buyer.Address = strings.TrimSpace(c.get(m.pos[vtrAddress]))
	num := strings.TrimSpace(c.get(m.pos[vtrBuyerVAT]))
	if num == "" {
		return nil, nil
	}
	cs := strings.TrimSpace(c.get(m.pos[vtrBuyerVATCountry]))
	var n vat.Number
	var err error
	if k, cerr := vat.ParseCountry(cs); cerr == nil {
		n, err = vat.ParseNumberIn(k, num)
	} else {
		n, err = vat.ParseNumber(num)
	}
	if !n.IsZero() {
		tx.Buyer.VATNumber = n
		if err != nil {
			return []string{"The check digits of the buyer's VAT number do not match: confirm the number with VIES before selling without VAT."}, nil
		}
		return nil, nil
	}
	return []string{"The buyer's VAT number is malformed and was dropped: the sale counts as one to a consumer unless the buyer gives a valid number."}, nil
}
