/**
 * Points, regions and the region catalog (built-in public-cloud regions or an operator CSV file), and
 * {@code CsvRows}, the line-numbered CSV reader every hand-written table in Meridian is parsed with.
 */
package io.meridian.placement.geo;
