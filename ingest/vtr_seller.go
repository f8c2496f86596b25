package ingest

import (
	"errors"
	"strings"

	"github.com/vatkit/vatkit/vat"
)

// sellerNumber reads the seller's own VAT number in the departure country
// (SELLER_DEPART_VAT_NUMBER_COUNTRY, SELLER_DEPART_COUNTRY_VAT_NUMBER;
// Amazon Seller Central help 202098210): the number an OSS return must
// give for goods dispatched from there. A number of another country than
// the one the goods left from, or a malformed one, is not kept, and the
// row says so; one failing only its check digits is kept (VIES decides).
func (m *vtrMapper) sellerNumber(c *cells, tx *vat.Transaction) []string {
	num := strings.TrimSpace(c.get(m.pos[vtrSellerDepartNumber]))
	if num == "" {
		return nil
	}
	n, err := vat.ParseNumber(num)
	if k, cerr := vat.ParseCountry(strings.TrimSpace(c.get(m.pos[vtrSellerDepartCountry]))); cerr == nil {
		n, err = vat.ParseNumberIn(k, num)
	}
	switch {
	case n.IsZero():
		return []string{"Amazon's report gives a VAT number of yours in the departure country that is not well-formed: check it in Seller Central."}
	case tx.ShipFrom != "" && n.Country() != tx.ShipFrom:
		return []string{"Amazon's report gives a VAT number of yours of another country than the one the goods left from: check it in Seller Central."}
	}
	tx.SellerNumber = n
	if errors.Is(err, vat.ErrChecksum) {
		return []string{"The check digits of your VAT number in " + name(n.Country()) + " in Amazon's report do not match: check the number."}
	}
	return nil
}

// territory places the arrival in the VAT area by its postcode and city
// (vat.Locate: Monaco is France, the Canary Islands are outside, …) and
// honours EXPORT_OUTSIDE_EU, Amazon's own word that the goods left the EU
// VAT area. A postcode outside the area against Amazon's "NO" is kept,
// and the row says so.
func (m *vtrMapper) territory(c *cells, tx *vat.Transaction) []string {
	if tx.ShipTo == "" {
		return nil
	}
	to, terr := vat.Locate(tx.ShipTo, c.get(m.pos[vtrArrivalPost]), c.get(m.pos[vtrArrivalCity]))
	tx.ShipTo, tx.ShipToTerritory = to, terr
	inArea := terr == vat.TerritoryNone && to.InVATAreaForGoods(tx.TaxPoint)
	switch strings.ToUpper(strings.TrimSpace(c.get(m.pos[vtrExport]))) {
	case "YES":
		if inArea {
			tx.ShipToTerritory = vat.TerritoryOutside
		}
	case "NO":
		if terr != vat.TerritoryNone {
			return []string{"Amazon's report says the goods stayed in the EU, but the address is in " + terr.String() +
				", outside the EU VAT area: the sale is treated as an export (Art 6). Check the address."}
		}
	}
	return nil
}

// name is a country's English name, or its code.
func name(c vat.Country) string {
	if n := c.Name(); n != "" {
		return n
	}
	return string(c)
}
