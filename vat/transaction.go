package vat

import (
	"time"

	"github.com/shopspring/decimal"
)

// Kind is what a transaction is.
type Kind uint8

// The kinds of transaction the sources report.
const (
	KindUnknown  Kind = iota
	KindSale          // a supply to a customer
	KindRefund        // money back for an earlier sale, in part or whole
	KindReturn        // goods back for an earlier sale (money back rides on it)
	KindTransfer      // own goods moved between countries (FC transfer, Pan-EU)
	KindOther         // reported by the source, not a supply (inbound, liquidation…)
)

var kindNames = [...]string{"unknown", "sale", "refund", "return", "transfer", "other"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Supply is the type of supply, which decides the place-of-supply rule.
type Supply uint8

// The supply types of the OSS return, with services split by their rule.
const (
	SupplyUnknown    Supply = iota
	SupplyGoods             // goods: taxed where transport ends (Art 33) or starts
	SupplyElectronic        // telecom, broadcasting, electronically supplied (Art 58)
	SupplyService           // other services: the general rules (Arts 44, 45)
)

var supplyNames = [...]string{"unknown", "goods", "electronic", "service"}

func (s Supply) String() string {
	if int(s) < len(supplyNames) {
		return supplyNames[s]
	}
	return "unknown"
}

// Collector says who accounted for the VAT of a sale.
type Collector uint8

// Who collected the VAT.
const (
	CollectedBySeller      Collector = iota // the seller (the zero value)
	CollectedByMarketplace                  // an interface as deemed supplier (Art 14a)
)

// Field is a set of a transaction's amount fields.
type Field uint8

// The amount fields.
const (
	FieldNet Field = 1 << iota
	FieldVAT
	FieldGross
	FieldRate
)

// Has reports whether every field of g is in f.
func (f Field) Has(g Field) bool { return f&g == g }

// Transaction is one line of what a seller sold, refunded or moved, as every
// source can supply it. Amounts are as the source reports them, in Currency;
// Given says which were reported, and the classifier derives the rest.
//
// Transaction holds personal data in Buyer only; everything else is a business
// fact of the seller's. The whole value is sealed in the vault all the same.
type Transaction struct {
	Source   string // the file or API it came from, e.g. "amazon-vtr"
	SourceID string // the source's own id for the line (order id + item, …)
	Line     int    // line in the source file, 0 when not from a file

	Kind     Kind
	TaxPoint time.Time // the chargeable event: shipment, or payment for IOSS
	Supply   Supply
	ShipFrom Country // where transport starts; "" for services
	ShipTo   Country // where transport ends, or the customer's country
	// ShipToTerritory is the part of ShipTo outside the EU VAT area (Art 6)
	// that the source's postcode, region or export flag places the
	// customer in; see [Locate]. Zero for the rest of ShipTo.
	ShipToTerritory Territory

	Net, VAT, Gross decimal.Decimal
	Rate            decimal.Decimal // percent the source applied (19, 5.5)
	Given           Field           // which of Net, VAT, Gross, Rate the source reported
	// RateKind is the kind of rate the source named without a figure
	// ("reduced"); used when Given has no FieldRate.
	RateKind RateKind
	Currency string // ISO 4217, "EUR"

	Collector   Collector
	SchemeLabel string // the source's own label, e.g. Amazon's "UNION-OSS"
	// SellerNumber is the seller's own VAT number in ShipFrom, when the
	// source reports it (Amazon's SELLER_DEPART_COUNTRY_VAT_NUMBER): the
	// number an OSS return gives for goods dispatched from there.
	SellerNumber Number

	// OriginalID links a refund or return to the SourceID of its sale.
	OriginalID string
	// ConsignmentValue is the intrinsic value of an imported consignment in
	// EUR (goods only, without separately shown transport), for IOSS.
	ConsignmentValue decimal.Decimal
	// Excise marks goods subject to excise duty (alcohol, tobacco, energy
	// products: Council Directive (EU) 2020/262), which the import scheme
	// leaves out whatever their value (Art 369l(1)).
	Excise bool

	Buyer Buyer
}

// Buyer groups a transaction's personal data, which the vault seals as a
// unit and which no report for operators may contain.
type Buyer struct {
	Name    string
	Address string
	Email   string
	// VATNumber is the buyer's VAT identification number; the zero Number for
	// a consumer.
	VATNumber Number
	// VIES records the check of VATNumber, when one was made.
	VIES VIESEvidence
}

// VIESEvidence is what a VIES check proved about a buyer's VAT number.
type VIESEvidence struct {
	Checked      time.Time // when VIES answered; zero when never checked
	Valid        bool      // VIES said the number is valid on Checked
	Consultation string    // VIES's requestIdentifier, when a requester was set
}

// IsBusiness reports whether the buyer gave a VAT number.
func (b Buyer) IsBusiness() bool { return !b.VATNumber.IsZero() }
