package vat_test

import (
	"testing"

	"github.com/vatkit/vatkit/vat"
)

// Locate places an address in the VAT area as Arts 6 and 7 of the VAT
// Directive draw it.
func TestLocate(t *testing.T) {
	for _, tc := range []struct {
		name            string
		country         vat.Country
		postcode, place string
		want            vat.Country
		territory       vat.Territory
	}{
		// Art 7(1): Monaco is France, the Isle of Man the United Kingdom.
		{"Monaco by code", "MC", "98000", "Monaco", vat.FR, vat.TerritoryNone},
		{"Monaco by French postcode", vat.FR, "98000", "", vat.FR, vat.TerritoryNone},
		{"Isle of Man", "IM", "IM1 1AA", "Douglas", vat.GB, vat.TerritoryNone},
		// Art 7(2): Akrotiri and Dhekelia are Cyprus.
		{"Akrotiri", vat.GB, "BF1 2AT", "", vat.CY, vat.TerritoryNone},
		{"Dhekelia", vat.GB, "BFPO 58", "", vat.CY, vat.TerritoryNone},
		// Art 6(1).
		{"Mount Athos", vat.GR, "630 86", "Karyes", vat.GR, vat.MountAthos},
		{"Canary Islands, Las Palmas", vat.ES, "35001", "", vat.ES, vat.CanaryIslands},
		{"Canary Islands, Tenerife", vat.ES, "ES-38001", "", vat.ES, vat.CanaryIslands},
		{"Canary Islands by code", "IC", "", "", vat.ES, vat.CanaryIslands},
		{"Guadeloupe", vat.FR, "97110", "", vat.FR, vat.Guadeloupe},
		{"Saint-Martin", vat.FR, "97150", "", vat.FR, vat.SaintMartin},
		{"Martinique", vat.FR, "97200", "", vat.FR, vat.Martinique},
		{"French Guiana", "GF", "", "", vat.FR, vat.FrenchGuiana},
		{"Réunion", vat.FR, "97400", "", vat.FR, vat.Reunion},
		{"Mayotte", vat.FR, "97600", "", vat.FR, vat.Mayotte},
		{"Åland by postcode", vat.FI, "AX-22100", "Mariehamn", vat.FI, vat.AlandIslands},
		{"Åland by code", "AX", "", "", vat.FI, vat.AlandIslands},
		// Art 6(2).
		{"Heligoland", vat.DE, "27498", "", vat.DE, vat.Heligoland},
		{"Büsingen, German postcode", vat.DE, "78266", "", vat.DE, vat.Busingen},
		{"Büsingen, Swiss postcode", "CH", "8238", "", vat.DE, vat.Busingen},
		{"Ceuta", vat.ES, "51001", "", vat.ES, vat.Ceuta},
		{"Melilla", "EA", "52001", "", vat.ES, vat.Melilla},
		{"Ceuta or Melilla by code", "EA", "", "", vat.ES, vat.TerritoryOutside},
		{"Livigno", vat.IT, "23041", "Livigno (SO)", vat.IT, vat.Livigno},
		{"Campione d'Italia", vat.IT, "22061", "Campione d'Italia", vat.IT, vat.CampioneDItalia},
		{"Campione, Swiss postcode", "CH", "6911", "", vat.IT, vat.CampioneDItalia},
		{"Lake Lugano", vat.IT, "", "Italian waters of Lake Lugano", vat.IT, vat.LakeLugano},
		// Inside the area.
		{"Madrid", vat.ES, "28001", "", vat.ES, vat.TerritoryNone},
		{"Paris", vat.FR, "75001", "", vat.FR, vat.TerritoryNone},
		{"Helsinki", vat.FI, "00100", "", vat.FI, vat.TerritoryNone},
		{"Berlin", vat.DE, "10115", "", vat.DE, vat.TerritoryNone},
		{"Jungholz, German postcode", vat.DE, "87491", "Jungholz", vat.AT, vat.TerritoryNone},
		{"Como", vat.IT, "22100", "Como", vat.IT, vat.TerritoryNone},
		{"Zurich", "CH", "8001", "", "CH", vat.TerritoryNone},
		{"no postcode", vat.ES, "", "", vat.ES, vat.TerritoryNone},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, terr := vat.Locate(tc.country, tc.postcode, tc.place)
			if c != tc.want || terr != tc.territory {
				t.Errorf("Locate = %s, %q; want %s, %q", c, terr, tc.want, tc.territory)
			}
		})
	}
}

// Goods to a territory outside the EU VAT area are exports (Arts 6, 146),
// not OSS lines nor domestic sales; Monaco's are French OSS supplies (Art
// 7); a TBE service to the Canary Islands bears no EU VAT (Art 58).
func TestClassifyTerritories(t *testing.T) {
	s := deSeller()
	s.OptedIn = true
	in := func(to vat.Country, terr vat.Territory) *vat.Transaction {
		tx := withRate(sale("t", "2026-02-01", vat.DE, to, "100.00"), "0")
		tx.ShipToTerritory = terr
		return &tx
	}
	for _, tc := range []struct {
		name    string
		tx      *vat.Transaction
		scheme  vat.Scheme
		country vat.Country
	}{
		{"Canary Islands", in(vat.ES, vat.CanaryIslands), vat.Export, vat.DE},
		{"Heligoland is not a German sale", in(vat.DE, vat.Heligoland), vat.Export, vat.DE},
		{"Åland by code", in("AX", 0), vat.Export, vat.DE},
		{"Réunion by code", in("RE", 0), vat.Export, vat.DE},
		{"source says exported", in(vat.FR, vat.TerritoryOutside), vat.Export, vat.DE},
		{"Isle of Man is the UK", in("IM", 0), vat.Export, vat.DE},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := (&vat.Classifier{Seller: s}).Classify(tc.tx)
			if got.Scheme != tc.scheme || got.Country != tc.country || !got.VAT.IsZero() {
				t.Errorf("got %s in %s VAT %s (%s), want %s in %s", got.Scheme, got.Country, got.VAT, got.Reason, tc.scheme, tc.country)
			}
		})
	}
	monaco := withRate(sale("mc", "2026-02-01", vat.DE, "MC", "100.00"), "20")
	check(t, (&vat.Classifier{Seller: s}).Classify(&monaco), expect{scheme: vat.OSSUnion, country: vat.FR, rate: "20", vat: "20.00"})
	tbe := sale("e", "2026-02-01", "", vat.ES, "10.00")
	tbe.Supply, tbe.ShipToTerritory = vat.SupplyElectronic, vat.CanaryIslands
	if got := (&vat.Classifier{Seller: s}).Classify(&tbe); got.Scheme != vat.OutOfScope {
		t.Errorf("TBE service to the Canary Islands: %s (%s)", got.Scheme, got.Reason)
	}
	moved := vat.Transaction{Kind: vat.KindTransfer, Supply: vat.SupplyGoods, TaxPoint: date("2026-02-01"),
		ShipFrom: vat.DE, ShipTo: vat.ES, ShipToTerritory: vat.CanaryIslands, Currency: "EUR"}
	if got := (&vat.Classifier{Seller: s}).Classify(&moved); got.Scheme != vat.NeedsReview {
		t.Errorf("own goods to the Canary Islands: %s, want review (an export of own goods)", got.Scheme)
	}
}

// Locate takes any text: it never panics, maps a known place to a known
// country, and names every territory it returns.
func FuzzLocate(f *testing.F) {
	f.Add("ES", "35001", "Las Palmas")
	f.Add("EA", "52001", "")
	f.Add("GB", "BF1 2AT", "")
	f.Add("IT", "", "Campione d'Italia")
	f.Add("FI", "AX-22100", "Mariehamn")
	f.Fuzz(func(t *testing.T, country, postcode, place string) {
		c, terr := vat.Locate(vat.Country(country), postcode, place)
		if terr != vat.TerritoryNone && (terr.String() == "" || !c.Known()) {
			t.Fatalf("Locate(%q, %q, %q) = %s, %d", country, postcode, place, c, terr)
		}
		if vat.Country(country).Known() && !c.Known() {
			t.Fatalf("a known country %q became %q", country, c)
		}
	})
}
