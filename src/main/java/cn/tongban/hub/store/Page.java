package cn.tongban.hub.store;

import java.util.List;

/** One page of a search: its rows and how many rows match in all. */
public record Page<T>(List<T> items, long total) {
}
