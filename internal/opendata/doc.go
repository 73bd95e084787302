// Package opendata holds what the readers of Dutch open data share: the
// Count value type for published (possibly suppressed) counts, and the
// structured validation report every reader returns for a bad file.
//
// The readers themselves live in subpackages:
//
//   - csvx: input decoding (UTF-8 with or without BOM, UTF-16 with BOM,
//     Windows-1252), separator detection, line splitting with quotes and
//     artefact-line skipping;
//   - refdata: CBS municipalities and woonplaatsen, PC4 centroids, mbo school
//     locations, qualification (crebo) lists and a place-name resolver;
//   - duo: DUO open-data files (mbo, hbo/wo, vo) in their old and current
//     layouts, with layout detection from the header.
//
// All readers are pure (an io.Reader in, Go values out) and all-or-nothing:
// either the whole file parses, or a *ValidationError listing the problems
// (line, column, code, value) is returned and no partial result.
package opendata
