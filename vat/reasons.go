package vat

import (
	"strings"
	"time"
)

// The reasons of NeedsReview are read by sellers: each says what is wrong
// in plain words and what to do about it. None repeats a row's contents
// beyond country codes, dates and rates.
const (
	reasonNoDate        = "The row has no date of sale, so neither its period nor its VAT rate can be set: add the date."
	reasonNoCurrency    = "The row has no currency: add it (for example EUR)."
	reasonUnknownKind   = "The row is neither a sale, a refund nor a stock movement: check what it is."
	reasonNegativeSale  = "A sale with a negative amount: if it is money given back, enter it as a refund of its sale."
	reasonUnknownSupply = "The row does not say whether goods or a service were sold: add the supply type."
	reasonNoCountries   = "The row does not say which country the goods were sent from and to: " +
		"add both countries, so that the sale can be placed."
	reasonNoShipTo = "The row does not say which country the goods were sent to: add the buyer's country, " +
		"so that the sale can be placed."
	reasonNoShipFrom = "The row does not say which country the goods were sent from: add the country of the " +
		"warehouse, so that the sale can be placed."
	reasonNoCustomerCountry = "The row does not say the customer's country: add it, so that the sale can be placed."
	reasonUnknownCountry    = "A country in the row is not a country code we know: use two-letter codes such as DE or FR."
	reasonNonUnionService   = "A service to a consumer in the EU by a seller established outside it: the general rule " +
		"taxes it where you are established, outside the EU (Art 45), but services connected with land, passenger " +
		"transport, events, restaurants and the hire of means of transport are taxed in the member state where they " +
		"take place (Arts 47–56): check which applies."
	reasonServiceOutsideEU = "A service to a consumer outside the EU: whether EU VAT is due depends on the kind of " +
		"service; check it with your adviser."
	reasonOwnGoodsAcrossBorder = "Your own goods were moved into or out of the EU VAT area: that is an import or " +
		"export for customs, not part of this return; check that it was declared."
	reasonBuyerNumberOfOrigin = "The buyer gave a VAT number of the country the goods left from: a sale without VAT " +
		"to a business needs the buyer's number of another member state (Art 138(1)(b)). " +
		"Charge VAT, or ask the buyer for the right number."
	reasonNoConsignmentValue = "Goods sent into the EU from outside: the value of the consignment in euros is " +
		"needed to tell IOSS (up to €150) from import VAT at the border; add it."
	reasonSumsDiffer   = "Net plus VAT does not add up to the gross amount by more than a cent: check the amounts."
	reasonNoAmount     = "The row has no amount to tax: add the net or the gross amount."
	reasonOrphanRefund = "A refund of a sale that is not in your files: upload the file with the original sale, " +
		"so that the refund is placed in the sale's country and period."
)

// reasonMissingCountry says which of the two countries of goods is missing.
func reasonMissingCountry(from, to Country) string {
	switch {
	case from == "" && to == "":
		return reasonNoCountries
	case to == "":
		return reasonNoShipTo
	}
	return reasonNoShipFrom
}

// reasonNoRate says that the rate table has no rate for country on on.
func reasonNoRate(country Country, on time.Time) string {
	return "There is no VAT rate of " + countryName(country) + " on record for " + on.Format(time.DateOnly) +
		": the rate table must be brought up to date."
}

// reasonRate explains a rate problem of pickRate in country on on.
func reasonRate(problem string, country Country, on time.Time) string {
	return problem + " " + countryName(country) + " on " + on.Format(time.DateOnly) + ": check the rate in the file."
}

// belowThresholdReason explains a supply the source taxed at destination
// that the €10,000 threshold keeps at origin (Art 59c).
func belowThresholdReason(tx *Transaction, origin, to Country, assumed bool) string {
	var b strings.Builder
	b.WriteString("Sold with " + possessive(countryName(to)) + " VAT")
	if tx.Given.Has(FieldRate) {
		b.WriteString(" (" + tx.Rate.String() + "%)")
	}
	b.WriteString(", but below the €10,000 threshold this sale is taxed in " + countryName(origin) +
		", at " + possessive(countryName(origin)) + " rates (Art 59c). ")
	if assumed {
		b.WriteString("Last year's cross-border sales to consumers were taken as under €10,000: " +
			"if they passed €10,000, give that figure (previous_year_eur in your seller facts). ")
	}
	b.WriteString("Otherwise charge " + possessive(countryName(origin)) + " VAT, or opt for taxation at destination (Art 59c(3)).")
	return b.String()
}

// exportReason says why goods to a place are an export.
func exportReason(to Country, t Territory) string {
	if t != 0 {
		return "goods to " + t.String() + ", outside the EU VAT area (Art 6): an export"
	}
	return "goods to " + countryName(to) + ", outside the EU VAT area: an export"
}

// countryName is c's English name, or its code for one vatkit does not name.
func countryName(c Country) string {
	if n := c.Name(); n != "" {
		return n
	}
	return string(c)
}

// possessive makes "France's" and "Netherlands'".
func possessive(name string) string {
	if strings.HasSuffix(name, "s") {
		return name + "'"
	}
	return name + "'s"
}
