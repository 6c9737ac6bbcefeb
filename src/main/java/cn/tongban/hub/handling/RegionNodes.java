package cn.tongban.hub.handling;

import cn.tongban.hub.directory.Directory;

/**
 * Which hub serves a region: the node of that exact division code when the directory lists one (a city
 * may run its own hub), else its province's ({@code pp0000}).
 */
public final class RegionNodes {
    private RegionNodes() {
    }

    public static String nodeFor(String division, Directory directory) {
        if (directory != null && directory.node(division).isPresent()) {
            return division;
        }
        return division.substring(0, 2) + "0000";
    }
}
