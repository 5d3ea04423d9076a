/**
 * A streaming reader for {@code .xlsx} sheets: rows arrive one at a time from the sheet's XML, so a
 * million-row sheet reads in a small heap.
 *
 * <pre>{@code
 * XlsxOptions options = XlsxOptions.builder().sheet("Contatos").dateColumns("data_envio").build();
 * try (XlsxReader reader = XlsxReader.open(Path.of("crm.xlsx"), options)) {
 *   List<String> header = reader.header();
 *   for (XlsxRow row : reader) {
 *     String id = row.get(0);
 *   }
 * }
 * }</pre>
 */
@NullMarked
package io.quarentena.connectors.excel;

import org.jspecify.annotations.NullMarked;
