/** RTT estimation: the great-circle model, its calibration table, and measured values that override it. */
package io.meridian.placement.latency;
