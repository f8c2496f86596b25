// Package ingest turns the files sellers bring into [vat.Transaction]
// values: Amazon's VAT Transactions Report, PayPal's activity download and
// vatkit's own template (CSV or XLSX) for everything else.
//
// Reach first for [Open] and [Reader.Next] (or [Reader.All]):
//
//	rd, err := ingest.Open(file, ingest.Options{Source: uploadID})
//	for row, err := range rd.All() { … }
//	sum := rd.Summary() // Accepted + Duplicates + Rejected == Rows
//
// Open tells the format from the header line, wherever it finds it in the
// first 20 lines, after sniffing the encoding (UTF-8 with or without BOM,
// UTF-16 from Excel, Windows-1252), the line ends (LF, CRLF, CR) and the
// delimiter (tab, semicolon, comma). A reader yields one row at a time and
// holds at most one record (capped by [Options.MaxLineBytes]) and a bounded
// set of line identities, whatever the file's size. Every data row is
// accepted, counted as a duplicate of an earlier row of the same file, or
// rejected with a [*RowError] naming its line, column and the rule it broke
// — never the cell's contents, which may be personal data. Nothing is
// dropped silently. Rows that are accepted but odd carry a [Row.Review]
// reason ("needs review").
//
// # Amazon VAT Transactions Report
//
// Both layouts are read by header name: the 92-column report of before
// July 2021 and the 95-column one with PROGRAM_TYPE, TAX_REPORTING_SCHEME
// and TAX_COLLECTION_RESPONSIBILITY. Dates are DD-MM-YYYY; rates are
// fractions and become percent; the tax point is TRANSACTION_COMPLETE_DATE
// (the refund's own period). SALE, COMMINGLING_SELL and LIQUIDATION_SALE
// are sales; REFUND and LIQUIDATION_REFUND refunds linked to their sale
// (order id/SKU); RETURN carries no money (its REFUND does) and is
// [vat.KindOther], so nothing is counted twice; FC_TRANSFER and INBOUND
// across borders are transfers valued at the cost price when the report
// has one (needs review otherwise); COMMINGLING_BUY and DONATION are
// [vat.KindOther] (a donation is flagged). MARKETPLACE responsibility
// sets [vat.CollectedByMarketplace]; unknown scheme labels are kept and
// flagged. Goods to GB with a BT postcode go to XI. The Amazon VAT
// Calculation report is recognised and refused with [ErrUnsupported].
//
// # PayPal activity download
//
// English and German headers are read; Dutch, French, Spanish, Italian and
// Polish ones are recognised and refused with a [*LanguageError]. Only
// completed, credited payments of a sale type are sales and completed
// debits of a refund type refunds; memos, holds, the seller's own
// payments, currency conversions and transfers are [vat.KindOther].
// Gross is read (PayPal's Net is after its fee, not before VAT) with
// Sales Tax as the VAT when present. The country is the shipping
// address's Country Code; without one the row needs review. Amounts
// follow the language: 1,234.56 in English, 1.234,56 in German; an amount
// in the other style is a row error. English dates are MM/DD/YYYY unless
// [Options.DayFirst]; the tax point is the calendar date as PayPal wrote
// it, in the account's time zone (Time and TimeZone are not read).
//
// # The template
//
// A header row with these columns, in any order (names are matched without
// regard to case; [Options.Columns] maps a seller's own names onto them):
//
//	type              sale, refund, return, transfer or other (required)
//	id                the seller's id of the sale or refund (required)
//	line              what tells apart lines with the same id (SKU, line no.);
//	                  without it, rows with the same id, date, ship_to,
//	                  currency and amounts are one line (a duplicate)
//	date              tax point, YYYY-MM-DD (required); a date cell in XLSX
//	original_id       a refund's or return's sale id
//	supply            goods (default), electronic or service
//	ship_from         ISO 3166 country where transport starts
//	ship_to           ISO 3166 country where it ends, or the customer's
//	net, vat, gross   amounts in currency, at least one; 1234.56, or
//	                  1.234,56 with [Options.DecimalComma]; refunds negative
//	rate              VAT rate in percent (19 or 19%)
//	currency          ISO 4217 code (required)
//	marketplace       yes when a marketplace collected the VAT
//	scheme            the seller's own scheme label, kept as is
//	consignment_value intrinsic value of an import in EUR (IOSS)
//	buyer_name, buyer_address, buyer_email   personal data, sealed
//	buyer_vat_number  a business buyer's VAT number
//	excise            yes for goods subject to excise duty (alcohol,
//	                  tobacco, energy products): never in the import scheme
//
// [WriteTemplateCSV] and [WriteTemplateXLSX] write a sample. A cell
// starting with =, +, -, or @ where a number, date or country is expected
// is a formula: it is never evaluated and its row is rejected. Workbooks
// are read in memory, never unpacked to disk (a sheet holds buyers' names
// and addresses), through excelize's row iterator, with caps on their
// size, unpacked size and cell count, so that a zip bomb is refused.
//
// # Duplicates and sealing
//
// Every [Row] has a Key, its line identity ([DedupKey]): a reader counts a
// row whose identity it has seen in the same file as a duplicate, and
// [Pipeline] blind-indexes it to recognise lines uploaded before.
package ingest
