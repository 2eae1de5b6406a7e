/** Points, regions and the region catalog (built-in public-cloud regions or an operator CSV file). */
package io.meridian.placement.geo;
