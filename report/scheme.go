package report

import "github.com/vatkit/vatkit/vat"

// Scheme is the special scheme a return belongs to (VAT Directive Title
// XII, Chapter 6).
type Scheme uint8

// The three schemes.
const (
	// SchemeUnion is the Union scheme (Arts 369a–369k): a quarterly return of
	// distance sales of goods within the EU and of services by a seller
	// established in the EU; what [OSS] builds.
	SchemeUnion Scheme = iota
	// SchemeImport is the import scheme, IOSS (Arts 369l–369x): a monthly
	// return of distance sales of goods imported in consignments of up
	// to €150; what [IOSS] builds.
	SchemeImport
	// SchemeNonUnion is the non-Union scheme (Arts 358a–369k): a quarterly
	// return of services to consumers by a seller not established in the
	// EU; what [NonUnion] builds.
	SchemeNonUnion
)

// String returns "union", "import" or "non-union", the "scheme" of the
// JSON.
func (s Scheme) String() string {
	return [...]string{"union", "import", "non-union"}[min(int(s), 2)]
}

// title names the return for a reader.
func (s Scheme) title() string {
	return [...]string{"Union scheme OSS return", "Import scheme (IOSS) return", "Non-Union scheme OSS return"}[min(int(s), 2)]
}

// treatment is the classifier's scheme of the supplies the return
// declares.
func (s Scheme) treatment() vat.Scheme {
	switch s {
	case SchemeImport:
		return vat.ImportIOSS
	case SchemeNonUnion:
		return vat.OSSNonUnion
	}
	return vat.OSSUnion
}

// outside is the review reason of a supply of the period that the
// return leaves out and a seller of the scheme would expect in it, or "".
func (s Scheme) outside(t *vat.Treatment, seller *vat.Seller) string {
	switch {
	case s == SchemeImport && t.Scheme == vat.Import && t.Has(vat.FlagExcise):
		return reasonExciseImport(t.Country)
	case s == SchemeImport && t.Scheme == vat.Import && seller.IOSS != "":
		return reasonOverIOSSLimit(t.Country)
	}
	return ""
}

// reasonExciseImport explains imported excise goods, which no import-scheme
// return holds.
func reasonExciseImport(to vat.Country) string {
	return "Excise goods (alcohol, tobacco, energy products) imported into " + name(to) + ": outside the import " +
		"scheme whatever their value (Art 369l(1)), so not on this return; the import VAT and the excise duty are " +
		"paid at the border, and the consignment must not be declared with your IOSS number."
}

// reasonOverIOSSLimit explains an imported consignment a seller with an
// IOSS number cannot declare through the import scheme.
func reasonOverIOSSLimit(to vat.Country) string {
	return "Goods imported into " + name(to) + " in a consignment whose intrinsic value is over €150: outside the " +
		"import scheme (Art 369l(1)(b)), so not on this return; the import VAT is paid at the border, and the " +
		"consignment must not be declared with your IOSS number. Excise goods (alcohol, tobacco, energy products) " +
		"are outside the scheme whatever their value."
}
