/** RTP header views (RFC 3550, RFC 8285 header extensions) and RTCP compound parsing and writing; zero allocation. */
package io.meridian.agent.rtp;
