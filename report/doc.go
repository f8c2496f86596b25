// Package report builds what a seller files and what an operator may see:
// the One-Stop-Shop returns of the three schemes (Union, import, non-Union),
// national liability reports with EC Sales Lists, PII-free operator
// reports, and a one-time download store.
//
// Reach first for [OSS.BuildFrom] over the seller's stored [History], and a
// writer:
//
//	b := report.OSS{Seller: seller, FX: ecbTable}
//	ret, err := b.BuildFrom(ctx, period, &report.History{Vault: session})
//	err = report.WriteJSON(os.Stdout, ret)
//
// A build reads the seller's whole history up to the end of the period,
// one month at a time in period order, and classifies it with
// [vat.Classifier] (earlier months count towards the €10,000 threshold,
// and refunds find their sales), folding each month into running sums:
// its memory grows with the largest month, never with the history.
// [OSS.Build] does the same from transactions held in memory. A build
// keeps the quarter's OSS supplies and sums
// them per member state of consumption, origin block (the member state of
// identification, or each other member state goods left from, with the
// seller's VAT number there), supply type, rate type and rate, in each
// currency. Each sum is converted to EUR once, at the ECB rate of the
// quarter's last day or the next publication ([vat.OSSRate]), and rounded
// half up to the cent; VAT is reported as charged, never recomputed from
// the converted base (vat-rules §5). A refund of a sale of an earlier
// quarter is a correction of that quarter (Reg 282/2011 Art 61), listed per
// country and period, for three years after the corrected return was due.
// Rows the rules cannot classify, and rows the reader doubted, are listed
// in NeedsReview once each, with their reasons in a seller's words, never
// guessed; so are facts the return rests on but nobody gave (last year's
// cross-border total, a VAT number of a dispatch state) and facts the
// files contradict. The seller's VAT numbers the files report fill the
// origin blocks the seller gave none for. Marketplace, domestic, B2B and
// out-of-scope sales never reach the return, and no return exists for a
// quarter before 2021-Q3 ([ErrBeforeScheme]). The return lists the
// exchange rates it used and its due date.
//
// [IOSS] builds the monthly import-scheme return and [NonUnion] the
// quarterly non-Union return from the same stream, in the same
// [OSSReturn] shape (one block of lines, no dispatch origins): corrections,
// nil returns, due dates and conversion work as for the Union scheme.
//
// [Reconciliation] compares, for a period, the VAT a source stated (a
// marketplace's report above all) with the VAT vatkit finds due: per
// country and rate, and every transaction that differs by more than a
// cent, with the reason in words (another country or rate, rounding, an
// exemption, a deemed supplier). [WriteReconciliationJSON],
// [WriteReconciliationCSV] and [WriteReconciliationXLSX] write it.
//
// Writers: [WriteJSON] (the shape examples/ossreturn prints, amounts as
// strings), [WriteCSV] and [WriteXLSX] for spreadsheets (formula injection
// neutralised), and [WriteBZSt] / [BZStFiles] for the upload of Germany's
// BZSt, whose unverified parts are documented there.
//
// Stored records that cannot be read back (changed or damaged in the
// database) never fail a build: they are left out, counted and named in
// the review list.
//
// [National.BuildFrom] gives each member state's liability and EC Sales
// List from the same stream; they hold buyers' VAT numbers, so only a
// seller's session, which can decrypt the transactions, can build them. [Operator.Build]
// needs no session: it reads clear metadata and the audit log only.
// [Downloads] keeps a built report sealed in the seller's vault until it
// is downloaded, once.
package report
