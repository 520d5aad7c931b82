// CSVLogger driven through its hooks with synthetic logs: Keras's layout ("epoch" then the keys
// sorted, Python's float text, NA for a missing value, "\r\n" line ends), a flush after every
// epoch, and append mode.
#include <filesystem>

#include "strata/keras/callbacks.hpp"
#include "strata/keras/io_error.hpp"
#include "training_test_support.hpp"

namespace {

using strata::Logs;
using training_test::read_text;

TEST(CSVLogger, WritesOneSortedRowPerEpochAndFlushesEach) {
  const auto file = training_test::scratch_folder("csv") / "log.csv";
  strata::Callback logger = strata::CSVLogger(file.string());
  logger->on_train_begin({});
  logger->on_epoch_end(0, {{"loss", 1.25}, {"val_loss", 1.5}, {"accuracy", 0.5}});
  // Readable before training ends: the row was flushed.
  EXPECT_EQ(read_text(file), "epoch,accuracy,loss,val_loss\r\n0,0.5,1.25,1.5\r\n");
  logger->on_epoch_end(1, {{"loss", 1.0}, {"accuracy", 0.75}});
  logger->on_train_end({});
  EXPECT_EQ(read_text(file), "epoch,accuracy,loss,val_loss\r\n0,0.5,1.25,1.5\r\n1,0.75,1.0,NA\r\n");
}

TEST(CSVLogger, AppendModeAddsRowsWithoutASecondHeader) {
  const auto file = training_test::scratch_folder("csv_append") / "log.csv";
  for (int run = 0; run < 2; ++run) {
    strata::Callback logger = strata::CSVLogger(file.string(), ';', /*append=*/true);
    logger->on_train_begin({});
    logger->on_epoch_end(run, {{"loss", 0.5 + run}});
    logger->on_train_end({});
  }
  EXPECT_EQ(read_text(file), "epoch;loss\r\n0;0.5\r\n1;1.5\r\n");
  // Without append, a new run starts the file over.
  strata::Callback fresh = strata::CSVLogger(file.string());
  fresh->on_train_begin({});
  fresh->on_epoch_end(0, {{"loss", 2.0}});
  fresh->on_train_end({});
  EXPECT_EQ(read_text(file), "epoch,loss\r\n0,2.0\r\n");
}

TEST(CSVLogger, QuotesKeysHoldingTheSeparator) {
  const auto file = training_test::scratch_folder("csv_quote") / "log.csv";
  strata::Callback logger = strata::CSVLogger(file.string());
  logger->on_train_begin({});
  logger->on_epoch_end(0, {{"a,b", 1.0}, {"say \"hi\"", 2.0}});
  logger->on_train_end({});
  EXPECT_EQ(read_text(file), "epoch,\"a,b\",\"say \"\"hi\"\"\"\r\n0,1.0,2.0\r\n");
}

TEST(CSVLogger, AnUnwritableFileIsAnIOErrorNamingIt) {
  const auto folder = training_test::scratch_folder("csv_missing");
  const std::string file = (folder / "no_such_folder" / "log.csv").string();
  strata::Callback logger = strata::CSVLogger(file);
  try {
    logger->on_train_begin({});
    ADD_FAILURE() << "opening a file in a missing folder succeeded";
  } catch (const strata::IOError& e) {
    EXPECT_NE(std::string(e.what()).find(file), std::string::npos) << e.what();
  }
  EXPECT_THROW(strata::CSVLogger(file, '"'), strata::Error);
}

}  // namespace
