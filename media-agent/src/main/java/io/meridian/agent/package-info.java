/** The Meridian media agent: a WebRTC SFU, its relay links and its reports to the controller. */
package io.meridian.agent;
