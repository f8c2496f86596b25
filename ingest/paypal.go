package ingest

import (
	"strings"

	"github.com/vatkit/vatkit/vat"
)

// The PayPal activity download columns the reader uses: the 41 columns of a
// business account's Reports > Activity download, as in the public sample
// Download.CSV of github.com/plutov/paypal.
const (
	ppDate = iota
	ppType
	ppStatus
	ppCurrency
	ppGross
	ppTax
	ppID
	ppRef
	ppCountryCode
	ppImpact
	ppName
	ppEmail
	ppAddress
	ppItem
	ppPostcode
	ppCity
	ppRegion
	ppColumns
)

// paypalHeaders holds each readable language's header names. English is
// the verified 41-column header (plutov/paypal and manuelsena5/
// Sales_Tax_Zuniga Download.CSV). German is PayPal's German export as
// remembered and cross-checked with deargonaut/paypal-csv-to-mt940
// HeaderTranslations.php; re-check against a real German download.
var paypalHeaders = map[string][ppColumns]string{
	"English": {"DATE", "TYPE", "STATUS", "CURRENCY", "GROSS", "SALES TAX", "TRANSACTION ID",
		"REFERENCE TXN ID", "COUNTRY CODE", "BALANCE IMPACT", "NAME", "FROM EMAIL ADDRESS",
		"SHIPPING ADDRESS", "ITEM TITLE", "ZIP/POSTAL CODE", "TOWN/CITY",
		"STATE/PROVINCE/REGION/COUNTY/TERRITORY/PREFECTURE/REPUBLIC"},
	"German": {"DATUM", "TYP", "STATUS", "WÄHRUNG", "BRUTTO", "UMSATZSTEUER", "TRANSAKTIONSCODE",
		"ZUGEHÖRIGER TRANSAKTIONSCODE", "LÄNDERVORWAHL", "AUSWIRKUNG AUF GUTHABEN", "NAME",
		"ABSENDER E-MAIL-ADRESSE", "LIEFERADRESSE", "ARTIKELBEZEICHNUNG", "PLZ", "ORT",
		"BUNDESLAND/REGION/KREIS/GEBIET/PRÄFEKTUR/REPUBLIK"},
}

// paypalRequired must be present in a readable file.
var paypalRequired = []int{ppDate, ppType, ppStatus, ppCurrency, ppGross, ppID}

// paypalOther recognises the activity download in languages the reader has
// no table for, by the names of its first columns (Date, Time, Time zone,
// Currency, Gross): Dutch from deargonaut/paypal-csv-to-mt940; French,
// Spanish, Italian and Polish from PayPal's localised exports as
// remembered. Recognising them lets the seller get a clear error.
var paypalOther = map[string][]string{
	"Dutch":   {"DATUM", "TIJD", "TIJDZONE", "VALUTA", "BRUTO"},
	"French":  {"DATE", "HEURE", "FUSEAU HORAIRE", "DEVISE", "BRUT"},
	"Spanish": {"FECHA", "HORA", "ZONA HORARIA", "DIVISA", "BRUTO"},
	"Italian": {"DATA", "ORA", "FUSO ORARIO", "VALUTA", "LORDO"},
	"Polish":  {"DATA", "CZAS", "STREFA CZASOWA", "WALUTA", "BRUTTO"},
}

// paypalLanguage tells whether h is a PayPal activity header, and in which
// language.
func paypalLanguage(h header) (string, bool) {
	for lang, names := range paypalHeaders {
		k := 0
		for _, c := range paypalRequired {
			if h.has(names[c]) {
				k++
			}
		}
		if k == len(paypalRequired) {
			return lang, true
		}
	}
	for lang, names := range paypalOther {
		if h.count(names...) >= 4 {
			return lang, true
		}
	}
	return "", false
}

// paypalSales are the payment types that are sales when completed and
// credited: the Type column's names of the T00 group of PayPal's
// "Transaction Event Codes"
// (developer.paypal.com/docs/transaction-search/transaction-event-codes).
// German names are as remembered.
var paypalSales = map[string]bool{
	"WEBSITE PAYMENT": true, "EXPRESS CHECKOUT PAYMENT": true, "MOBILE PAYMENT": true,
	"PAYPAL HERE PAYMENT": true, "PREAPPROVED PAYMENT BILL USER PAYMENT": true,
	"SUBSCRIPTION PAYMENT": true, "GENERAL PAYMENT": true, "SHOPPING CART PAYMENT RECEIVED": true,
	"PAYMENT RECEIVED": true, "DIRECT CREDIT CARD PAYMENT": true, "VIRTUAL TERMINAL PAYMENT": true,
	"WEBSITE-ZAHLUNG": true, "EXPRESS-ZAHLUNG": true, "HANDYZAHLUNG": true,
	"ZAHLUNG IM EINZUGSVERFAHREN MIT ZAHLUNGSRECHNUNG": true, "ABONNEMENTZAHLUNG": true,
	"ALLGEMEINE ZAHLUNG": true, "ZAHLUNG ERHALTEN": true,
}

// paypalRefunds are the types that give money back for a sale (T1106,
// T1107, T1201 in §3.3).
var paypalRefunds = map[string]bool{
	"PAYMENT REFUND": true, "PAYMENT REVERSAL": true, "CHARGEBACK": true,
	"RÜCKZAHLUNG": true, "ZAHLUNGSRÜCKERSTATTUNG": true, "RÜCKBUCHUNG": true,
}

type paypalMapper struct {
	pos             [ppColumns]int
	style           numberStyle
	dateOrder       string
	dateSep         byte
	completed, memo string
	credit          string
}

func newPayPal(h header, opts Options) (*paypalMapper, error) {
	lang, _ := paypalLanguage(h)
	names := paypalHeaders[lang]
	m := &paypalMapper{style: groupedDot, dateOrder: "MDY", dateSep: '/', completed: "COMPLETED", memo: "MEMO", credit: "CREDIT"}
	copy(m.pos[:], h.positions(names[:]))
	if lang == "German" {
		m.style, m.dateOrder, m.dateSep, m.completed, m.credit = groupedComma, "DMY", '.', "ABGESCHLOSSEN", "HABEN"
	} else if opts.DayFirst {
		m.dateOrder = "DMY"
	}
	return m, nil
}

func (m *paypalMapper) read(c *cells) (Row, error) {
	p := &m.pos
	tx := vat.Transaction{Source: string(PayPal), Kind: vat.KindOther}
	date, err := parseDate(c.get(p[ppDate]), m.dateOrder, m.dateSep)
	if err != nil {
		return Row{}, c.fail(p[ppDate], err.Error())
	}
	tx.TaxPoint = date
	if tx.Currency, err = parseCurrency(c.get(p[ppCurrency])); err != nil {
		return Row{}, c.fail(p[ppCurrency], err.Error())
	}
	// Gross is what the buyer paid, VAT included; PayPal's Net is gross
	// less PayPal's fee, not net of VAT, so it is not read.
	if tx.Gross, err = parseNumber(c.get(p[ppGross]), m.style); err != nil {
		return Row{}, c.fail(p[ppGross], err.Error())
	}
	tx.Given = vat.FieldGross
	if s := strings.TrimSpace(c.get(p[ppTax])); s != "" {
		if tx.VAT, err = parseNumber(s, m.style); err != nil {
			return Row{}, c.fail(p[ppTax], err.Error())
		}
		tx.Given |= vat.FieldVAT
	}
	tx.SourceID = strings.TrimSpace(c.get(p[ppID]))
	if tx.SourceID == "" {
		return Row{}, c.fail(p[ppID], errMissing.Error())
	}
	review, err := m.classify(c, &tx)
	if err != nil {
		return Row{}, err
	}
	tx.Buyer.Name = strings.TrimSpace(c.get(p[ppName]))
	tx.Buyer.Email = strings.TrimSpace(c.get(p[ppEmail]))
	tx.Buyer.Address = strings.TrimSpace(c.get(p[ppAddress]))
	// PayPal transaction ids repeat across a payment's rows (payment, hold,
	// memo): the type and balance impact tell them apart (§5 pitfall 1).
	key := DedupKey(&tx, normName(c.get(p[ppType])), normName(c.get(p[ppImpact])), normName(c.get(p[ppStatus])))
	return Row{Tx: tx, Key: key, Review: review}, nil
}

// classify keeps only completed, balance-affecting sales and refunds as
// such; everything else (memos, holds, authorizations, currency
// conversions, transfers, withdrawals) is KindOther (§5 pitfall 17).
func (m *paypalMapper) classify(c *cells, tx *vat.Transaction) (string, error) {
	p := &m.pos
	typ := normName(c.get(p[ppType]))
	impact := normName(c.get(p[ppImpact]))
	if normName(c.get(p[ppStatus])) != m.completed || impact == m.memo {
		return "", nil
	}
	switch {
	case paypalSales[typ] && impact == m.credit:
		if !tx.Gross.IsPositive() {
			return "", c.fail(p[ppGross], "negative amount on a sale")
		}
		tx.Kind, tx.Supply = vat.KindSale, vat.SupplyGoods
	case paypalSales[typ] && impact == "" && tx.Gross.IsPositive():
		tx.Kind, tx.Supply = vat.KindSale, vat.SupplyGoods
	case paypalRefunds[typ] && impact != m.credit && tx.Gross.IsNegative():
		tx.Kind, tx.Supply = vat.KindRefund, vat.SupplyGoods
		tx.OriginalID = strings.TrimSpace(c.get(p[ppRef]))
	default:
		// A payment the seller made (Debit), a transfer, a conversion.
		return "", nil
	}
	// The country comes from the shipping address, placed in the VAT area
	// by its postcode and town (vat.Locate: the Canary Islands are outside,
	// Monaco is France). Without one, the row is kept and never given the
	// seller's country: the rules review a sale without a country, so the
	// reader adds no review of its own (a row is listed once).
	if s := strings.TrimSpace(c.get(p[ppCountryCode])); s != "" {
		k, err := parseCountry(s)
		if err != nil {
			return "", c.fail(p[ppCountryCode], err.Error())
		}
		tx.ShipTo, tx.ShipToTerritory = vat.Locate(k, c.get(p[ppPostcode]), c.get(p[ppCity])+" "+c.get(p[ppRegion]))
	}
	return "", nil
}
