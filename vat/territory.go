package vat

import "strings"

// Territory is a part of a member state that lies outside the EU VAT area
// (VAT Directive Art 6): goods sent there are exported (Art 146), services
// to consumers there bear no EU VAT. The zero value is no such territory.
type Territory uint8

// The territories of Art 6, and one for a place the source itself reports
// as outside the EU VAT area without naming it.
const (
	TerritoryNone   Territory = iota
	MountAthos                // GR, Art 6(1)(a)
	CanaryIslands             // ES, Art 6(1)(b)
	Guadeloupe                // FR, Art 6(1)(c) (Art 349 TFEU)
	FrenchGuiana              // FR, Art 6(1)(c)
	Martinique                // FR, Art 6(1)(c)
	Reunion                   // FR, Art 6(1)(c)
	Mayotte                   // FR, Art 6(1)(c)
	SaintMartin               // FR, Art 6(1)(c)
	AlandIslands              // FI, Art 6(1)(d)
	Heligoland                // DE, Art 6(2)(a)
	Busingen                  // DE, Art 6(2)(b)
	Ceuta                     // ES, Art 6(2)(c)
	Melilla                   // ES, Art 6(2)(d)
	Livigno                   // IT, Art 6(2)(e)
	CampioneDItalia           // IT, Art 6(2)(f)
	LakeLugano                // IT, Art 6(2)(g): the Italian waters of Lake Lugano
	// TerritoryOutside: the source says the place is outside the EU VAT
	// area (Amazon's EXPORT_OUTSIDE_EU) without saying which.
	TerritoryOutside
)

var territoryNames = [...]string{"", "Mount Athos", "the Canary Islands", "Guadeloupe", "French Guiana",
	"Martinique", "Réunion", "Mayotte", "Saint-Martin", "the Åland Islands", "Heligoland",
	"Büsingen am Hochrhein", "Ceuta", "Melilla", "Livigno", "Campione d'Italia",
	"the Italian waters of Lake Lugano", "a territory outside the EU VAT area"}

// String returns the territory's English name ("the Canary Islands").
func (t Territory) String() string {
	if int(t) < len(territoryNames) {
		return territoryNames[t]
	}
	return territoryNames[TerritoryOutside]
}

// codeTerritories are places with an ISO 3166-1 code of their own that
// the VAT Directive treats as part of a member state (Arts 6 and 7):
// Monaco is France and the Isle of Man is the United Kingdom (Art 7(1),
// inside the area as their state is), the others lie outside the area.
var codeTerritories = map[Country]struct {
	country   Country
	territory Territory
}{
	"MC": {FR, TerritoryNone}, "IM": {GB, TerritoryNone},
	"AX": {FI, AlandIslands}, "IC": {ES, CanaryIslands}, "EA": {ES, TerritoryOutside},
	"GP": {FR, Guadeloupe}, "GF": {FR, FrenchGuiana}, "MQ": {FR, Martinique},
	"RE": {FR, Reunion}, "YT": {FR, Mayotte}, "MF": {FR, SaintMartin},
}

// Locate returns the country whose VAT rules apply to a place, and the
// territory of Art 6 it lies in, if any, from its country code, its postal
// code and its city or region (any may be empty; case and separators do
// not matter):
//
//   - Monaco (MC, and French postcodes 980xx) is France, and the Isle of
//     Man (IM) the United Kingdom (Art 7(1)); the Sovereign Base Areas of
//     Akrotiri and Dhekelia (British forces postcodes BF1 2AT, BF1 2AU) are
//     Cyprus (Art 7(2)); Jungholz (87491) and Mittelberg (8756x), reached
//     through German postcodes, are Austria.
//   - Outside the area (Art 6): the Canary Islands (ES 35xxx, 38xxx; IC),
//     Ceuta (ES 51xxx) and Melilla (ES 52xxx; EA), the French overseas
//     departments and Saint-Martin (FR 97xxx; GP, GF, MQ, RE, YT, MF),
//     the Åland Islands (FI 22xxx; AX), Mount Athos (GR 63086), Heligoland
//     (DE 27498), Büsingen (DE 78266, CH 8238), Livigno and Campione
//     d'Italia (by name; CH 6911 for Campione) and the Italian waters of
//     Lake Lugano (by name).
//
// Other places come back as given, with TerritoryNone. The postcode lists
// are those of the national postal operators (La Poste, Correos, Posti,
// ELTA, Deutsche Post, Die Post, Poste Italiane) as published.
func Locate(c Country, postcode, place string) (Country, Territory) {
	if ct, ok := codeTerritories[c]; ok {
		if ct.territory == TerritoryOutside { // EA: Ceuta or Melilla
			if t := spanishTerritory(normPostcode(postcode)); t == Ceuta || t == Melilla {
				return ct.country, t
			}
		}
		if ct.territory != TerritoryNone {
			return ct.country, ct.territory
		}
		c = ct.country
	}
	pc := normPostcode(postcode)
	name := strings.ToLower(strings.TrimSpace(place))
	switch c {
	case ES:
		return ES, spanishTerritory(pc)
	case FR:
		if strings.HasPrefix(pc, "980") {
			return FR, TerritoryNone // Monaco
		}
		return FR, frenchTerritory(pc)
	case FI:
		if len(pc) == 5 && strings.HasPrefix(pc, "22") {
			return FI, AlandIslands
		}
	case GR:
		if pc == "63086" || strings.Contains(name, "athos") || strings.Contains(name, "άγιον όρος") {
			return GR, MountAthos
		}
	case DE:
		return germanPlace(pc, name)
	case IT:
		return IT, italianTerritory(name)
	case GB:
		if pc == "BF12AT" || pc == "BF12AU" || pc == "BFPO57" || pc == "BFPO58" {
			return CY, TerritoryNone
		}
	case "CH":
		switch pc {
		case "8238":
			return DE, Busingen
		case "6911":
			return IT, CampioneDItalia
		}
	}
	return c, TerritoryNone
}

func spanishTerritory(pc string) Territory {
	if len(pc) != 5 {
		return TerritoryNone
	}
	switch pc[:2] {
	case "35", "38":
		return CanaryIslands
	case "51":
		return Ceuta
	case "52":
		return Melilla
	}
	return TerritoryNone
}

func frenchTerritory(pc string) Territory {
	if len(pc) != 5 || !strings.HasPrefix(pc, "97") {
		return TerritoryNone
	}
	switch pc[:3] {
	case "971":
		if pc == "97150" {
			return SaintMartin
		}
		return Guadeloupe
	case "972":
		return Martinique
	case "973":
		return FrenchGuiana
	case "974":
		return Reunion
	case "976":
		return Mayotte
	}
	// 975 Saint-Pierre-et-Miquelon and 977 Saint-Barthélemy are not part
	// of the Union at all; outside the area all the same.
	return TerritoryOutside
}

func germanPlace(pc, name string) (Country, Territory) {
	switch {
	case pc == "27498" || strings.Contains(name, "helgoland"):
		return DE, Heligoland
	case pc == "78266" || strings.Contains(name, "büsingen") || strings.Contains(name, "busingen"):
		return DE, Busingen
	case pc == "87491":
		return AT, TerritoryNone // Jungholz
	case (pc == "87567" || pc == "87568" || pc == "87569") && strings.Contains(name, "mittelberg"):
		return AT, TerritoryNone
	}
	return DE, TerritoryNone
}

func italianTerritory(name string) Territory {
	switch {
	case strings.Contains(name, "livigno"):
		return Livigno
	case strings.Contains(name, "campione"):
		return CampioneDItalia
	case strings.Contains(name, "lugano"):
		return LakeLugano
	}
	return TerritoryNone
}

// normPostcode keeps a postcode's letters (upper case) and digits,
// dropping a leading two-letter country prefix of an all-digit code
// ("FI-22100", "AX 22100").
func normPostcode(s string) string {
	if len(s) > 16 {
		return ""
	}
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	pc := b.String()
	if len(pc) > 2 && isLetter(pc[0]) && isLetter(pc[1]) && strings.Trim(pc[2:], "0123456789") == "" {
		pc = pc[2:]
	}
	return pc
}

// placeOf maps a country code (and a territory a reader found) to the
// country whose rules apply and whether the place is outside the EU VAT
// area by Art 6.
func placeOf(c Country, t Territory) (Country, bool) {
	mapped, found := Locate(c, "", "")
	if t == TerritoryNone {
		t = found
	}
	return mapped, t != TerritoryNone
}
