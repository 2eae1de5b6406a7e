package io.meridian.controller.access;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may join: the holder of a valid grant for the conference with a media permission, from the application
 * that owns the conference (the first application to join it). Nothing is stored for a refused join.
 */
@Singleton
public class JoinAccess {
    private final GrantVerifier grants;
    private final ConferenceOwners owners;
    private final Refusals refusals;
    private final JoinRateLimits rateLimits;

    @Inject
    public JoinAccess(GrantVerifier grants, ConferenceOwners owners, Refusals refusals, JoinRateLimits rateLimits) {
        this.rateLimits = rateLimits;
        this.grants = grants;
        this.owners = owners;
        this.refusals = refusals;
    }

    /**
     * The verified grant of a join; throws 401/403 problems otherwise, and 429 when its application is over its
     * join rate (checked before the conference's owner is looked up).
     */
    public Grant admit(String authorization, String conferenceId) {
        Grant grant = grants.verifyHeader(authorization, conferenceId);
        rateLimits.admitApplication(grant.apiKey());
        if (!grant.allows(Permission.PUBLISH) && !grant.allows(Permission.SUBSCRIBE)) {
            throw refusals.refuse("forbidden_no_media", new ForbiddenException(
                    "the grant allows neither 'publish' nor 'subscribe': nothing to join for"));
        }
        if (!owners.claim(conferenceId, grant.apiKey()).equals(grant.apiKey())) {
            throw refusals.refuse("forbidden_other_application", new ForbiddenException(
                    "conference '" + conferenceId + "' belongs to another application"));
        }
        return grant;
    }

    /** A body's participantId may only repeat the grant's identity. */
    public void requireSameIdentity(Grant grant, String participantId) {
        if (participantId != null && !participantId.equals(grant.identity())) {
            throw refusals.refuse("forbidden_identity", new ForbiddenException(
                    "participantId '" + participantId + "' is not the grant's identity"));
        }
    }

    /** The media permissions an agent token carries for this grant. */
    public static List<String> mediaPermissions(Grant grant) {
        List<String> media = new ArrayList<>(2);
        if (grant.allows(Permission.PUBLISH)) {
            media.add(Permission.PUBLISH.claim());
        }
        if (grant.allows(Permission.SUBSCRIBE)) {
            media.add(Permission.SUBSCRIBE.claim());
        }
        return media;
    }
}
