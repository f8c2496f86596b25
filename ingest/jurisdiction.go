package ingest

import (
	"strings"

	"github.com/vatkit/vatkit/vat"
)

// jurisdictions maps the upper-case English country names of Amazon's
// TAXABLE_JURISDICTION ("GERMANY", "CZECH REPUBLIC"; Amazon Seller Central
// help 202098210, "Amazon VAT Transactions Report Field Definitions") to
// countries. Names from the EU's own list of member
// states (europa.eu "Countries"), with the older names Amazon uses.
var jurisdictions = map[string]vat.Country{
	"AUSTRIA": vat.AT, "BELGIUM": vat.BE, "BULGARIA": vat.BG, "CYPRUS": vat.CY,
	"CZECH REPUBLIC": vat.CZ, "CZECHIA": vat.CZ, "GERMANY": vat.DE, "DENMARK": vat.DK,
	"ESTONIA": vat.EE, "SPAIN": vat.ES, "FINLAND": vat.FI, "FRANCE": vat.FR,
	"GREECE": vat.GR, "CROATIA": vat.HR, "HUNGARY": vat.HU, "IRELAND": vat.IE,
	"ITALY": vat.IT, "LITHUANIA": vat.LT, "LUXEMBOURG": vat.LU, "LATVIA": vat.LV,
	"MALTA": vat.MT, "NETHERLANDS": vat.NL, "POLAND": vat.PL, "PORTUGAL": vat.PT,
	"ROMANIA": vat.RO, "SWEDEN": vat.SE, "SLOVENIA": vat.SI, "SLOVAKIA": vat.SK,
	"UNITED KINGDOM": vat.GB, "NORTHERN IRELAND": vat.XI,
	"SWITZERLAND": vat.Country("CH"), "NORWAY": vat.Country("NO"),
}

// jurisdiction maps a TAXABLE_JURISDICTION to a country; ISO codes are
// accepted too.
func jurisdiction(s string) (vat.Country, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if c, ok := jurisdictions[s]; ok {
		return c, true
	}
	c, err := parseCountry(s)
	return c, err == nil
}
