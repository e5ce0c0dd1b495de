#include <gtest/gtest.h>

#include "axon/error.hpp"
#include "axon/io/csv.hpp"
#include "io/io_test_util.hpp"

namespace axon {
namespace {

using test::contains;
using test::message_of;
using test::TempDir;
using test::write_file;

TEST(Csv, HeaderAutoDetectedAndLabelLastByDefault) {
    TempDir dir;
    write_file(dir.file("iris.csv"), "sepal, petal ,\"class\"\n5.1,1.4,0\r\n4.9,-1.5e-1,2\n\n+7.0,4.7,1\n");
    Dataset d = read_csv(dir.file("iris.csv"));
    EXPECT_EQ(d.size(), 3);
    EXPECT_EQ(d.num_features(), 2);
    EXPECT_EQ(d.task(), Task::classification);
    EXPECT_EQ(d.num_classes(), 3);
    EXPECT_EQ(std::vector<std::int32_t>(d.labels().begin(), d.labels().end()), (std::vector<std::int32_t>{0, 2, 1}));
    EXPECT_FLOAT_EQ(d.feature(1, 1), -0.15f);
    EXPECT_FLOAT_EQ(d.feature(2, 0), 7.0f);
    EXPECT_EQ(d.description(), "iris.csv, 3 × 2, 3 classes");
}

TEST(Csv, LabelColumnByNameOrIndexAndNoHeader) {
    TempDir dir;
    write_file(dir.file("a.csv"), "y,x1,x2\n1,10,20\n0,30,40\n");
    CsvOptions by_name;
    by_name.label_column = "y";
    Dataset d = read_csv(dir.file("a.csv"), by_name);
    EXPECT_EQ(d.num_features(), 2);
    EXPECT_EQ(d.labels()[0], 1);
    EXPECT_FLOAT_EQ(d.feature(1, 1), 40.0f);
    CsvOptions by_index;
    by_index.label_column = "0";
    EXPECT_EQ(read_csv(dir.file("a.csv"), by_index).labels()[1], 0);
    by_index.label_column = "-3";  // from the end: the first of three columns
    EXPECT_EQ(read_csv(dir.file("a.csv"), by_index).labels()[0], 1);

    write_file(dir.file("b.csv"), "1,2,3\n4,5,6\n");
    Dataset nh = read_csv(dir.file("b.csv"));  // all numbers: no header
    EXPECT_EQ(nh.size(), 2);
    EXPECT_EQ(nh.labels()[0], 3);
    CsvOptions forced;
    forced.header = CsvHeader::present;  // the first line is then names "1", "2", "3"
    forced.label_column = "1";           // a name wins over the index
    Dataset h = read_csv(dir.file("b.csv"), forced);
    EXPECT_EQ(h.size(), 1);
    EXPECT_EQ(h.labels()[0], 4);

    CsvOptions missing;
    missing.label_column = "species";
    EXPECT_TRUE(contains(message_of<IoError>([&] { read_csv(dir.file("a.csv"), missing); }),
                         "has no column named 'species' (columns: y, x1, x2)"));
    missing.label_column = "5";
    EXPECT_TRUE(contains(message_of<IoError>([&] { read_csv(dir.file("a.csv"), missing); }),
                         "label column index 5 is out of range"));
}

TEST(Csv, RaggedRowNamesFileLineAndCounts) {
    TempDir dir;
    std::string text = "a,b,c,d,label\n";
    for (int i = 0; i < 14; ++i) text += "1,2,3,4,0\n";
    text += "\n";           // line 16, blank: skipped but counted
    text += "1,2,3\n";      // line 17
    write_file(dir.file("iris.csv"), text);
    EXPECT_TRUE(contains(message_of<IoError>([&] { read_csv(dir.file("iris.csv")); }),
                         fmt::format("read_csv: '{}' line 17 has 3 columns, expected 5", dir.file("iris.csv"))));
}

TEST(Csv, NonNumericEmptyAndNonFiniteCellsAreRejected) {
    TempDir dir;
    const std::string x = dir.file("x.csv");
    write_file(x, "1,2,0\n3,4,1\n5,6,0\n7,abc,1\n");
    EXPECT_TRUE(contains(message_of<IoError>([&] { read_csv(x); }),
                         fmt::format("read_csv: '{}' line 4 column 2: 'abc' is not a number", x)));
    write_file(x, "1,2,0\n3,4.5.6,1\n");
    EXPECT_TRUE(contains(message_of<IoError>([&] { read_csv(x); }), "line 2 column 2: '4.5.6' is not a number"));
    write_file(x, "1,2,0\n3,,1\n");
    EXPECT_TRUE(contains(message_of<IoError>([&] { read_csv(x); }), "line 2 column 2 is empty"));
    write_file(x, "1,2,0\nnan,4,1\n");
    EXPECT_TRUE(contains(message_of<IoError>([&] { read_csv(x); }), "line 2 column 1: 'nan' is not a finite number"));
    write_file(x, "1,2,0\n3,-inf,1\n");
    EXPECT_TRUE(contains(message_of<IoError>([&] { read_csv(x); }), "line 2 column 2: '-inf' is not a finite number"));
    write_file(x, "1,2,0\n3,1e999,1\n");
    EXPECT_TRUE(contains(message_of<IoError>([&] { read_csv(x); }), "line 2 column 2: '1e999' is out of range"));
    write_file(x, "1,\"2,0\n");
    EXPECT_TRUE(contains(message_of<IoError>([&] { read_csv(x); }), "line 1 has an unclosed double quote"));
}

TEST(Csv, ClassificationLabelsMustBeNonNegativeIntegersUnlessRegression) {
    TempDir dir;
    const std::string x = dir.file("y.csv");
    write_file(x, "f,y\n0.5,1\n0.25,2.5\n1.0,-1\n");
    const auto msg = message_of<IoError>([&] { read_csv(x); });
    EXPECT_TRUE(contains(msg, fmt::format("read_csv: '{}' line 3 column 2: label '2.5' is not a class", x)));
    EXPECT_TRUE(contains(msg, "regression"));
    write_file(dir.file("neg.csv"), "0.5,1\n0.25,-1\n");
    EXPECT_TRUE(contains(message_of<IoError>([&] { read_csv(dir.file("neg.csv")); }), "line 2 column 2: label '-1' is not a class"));

    CsvOptions reg;
    reg.task = CsvTask::regression;
    Dataset r = read_csv(x, reg);
    EXPECT_EQ(r.task(), Task::regression);
    EXPECT_EQ(r.num_classes(), 0);
    EXPECT_EQ(r.num_targets(), 1);
    EXPECT_EQ(std::vector<float>(r.targets().begin(), r.targets().end()), (std::vector<float>{1.0f, 2.5f, -1.0f}));

    CsvOptions guess;
    guess.task = CsvTask::auto_detect;
    EXPECT_EQ(read_csv(x, guess).task(), Task::regression);
    write_file(dir.file("int.csv"), "0.5,1\n0.25,4\n");
    Dataset c = read_csv(dir.file("int.csv"), guess);
    EXPECT_EQ(c.task(), Task::classification);
    EXPECT_EQ(c.num_classes(), 5);
}

TEST(Csv, MissingEmptyAndHeaderOnlyFiles) {
    TempDir dir;
    EXPECT_TRUE(contains(message_of<IoError>([&] { read_csv(dir.file("none.csv")); }),
                         fmt::format("read_csv: cannot open '{}': No such file or directory", dir.file("none.csv"))));
    write_file(dir.file("empty.csv"), "\n\n");
    EXPECT_TRUE(contains(message_of<IoError>([&] { read_csv(dir.file("empty.csv")); }), "has no data rows"));
    write_file(dir.file("head.csv"), "a,b\n");
    EXPECT_TRUE(contains(message_of<IoError>([&] { read_csv(dir.file("head.csv")); }), "has no data rows (only a header)"));
    write_file(dir.file("one.csv"), "1\n2\n");
    EXPECT_TRUE(contains(message_of<IoError>([&] { read_csv(dir.file("one.csv")); }), "line 1 has 1 column, expected at least 2"));
    CsvOptions bad;
    bad.delimiter = '"';
    EXPECT_TRUE(contains(message_of<ConfigError>([&] { read_csv(dir.file("one.csv"), bad); }), "delimiter"));
}

TEST(Csv, OtherDelimiter) {
    TempDir dir;
    write_file(dir.file("t.tsv"), "1.5\t2\t1\n3\t4\t0\n");
    CsvOptions tab;
    tab.delimiter = '\t';
    Dataset d = read_csv(dir.file("t.tsv"), tab);
    EXPECT_EQ(d.size(), 2);
    EXPECT_FLOAT_EQ(d.feature(0, 0), 1.5f);
}

}  // namespace
}  // namespace axon
