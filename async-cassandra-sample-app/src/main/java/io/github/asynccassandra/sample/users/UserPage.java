package io.github.asynccassandra.sample.users;

import java.util.List;

/**
 * One page of users.
 *
 * @param pagingState opaque token of the next page, to pass back as {@code pagingState}; {@code null}
 *     on the last page
 */
public record UserPage(List<User> users, String pagingState) {
}
