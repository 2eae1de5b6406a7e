/** The Meridian controller: REST for clients, gRPC for agents, GeoIP, placement and persistence. */
package io.meridian.controller;
