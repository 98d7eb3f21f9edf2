"""SOP Pengelolaan Penyedia (Bagian PBJ Setda Kota Pagar Alam, 2024).

Source: /work/shared/seeds/002_928c96537b62e8d7.txt (ninth SOP of the file). The step numbers
survived in the Pelaksanaan columns; see NOTES for the judgement calls.
"""
from tools.sopgen.model import Sop, Step, Parallel, End, number, text

KA = "KA UKPBJ"
LPSE = "Kasubag LPSE"
TIM = "Tim Pendataan dan Analisis"

SOP = Sop(
    process_id="pengelolaan_penyedia",
    title="Pengelolaan Penyedia",
    pool="Bagian Pengadaan Barang dan Jasa Sekretariat Daerah Kota Pagar Alam",
    source="002_928c96537b62e8d7.txt",
    documentation="""\
SOP Pengelolaan Penyedia.
Nomor SOP: 16 Tahun 2024. Pemerintah Kota Pagar Alam, Sekretariat Daerah, Bagian Pengadaan Barang dan Jasa.
Tanggal pembuatan: 17 Januari 2024; tanggal efektif: 17 Januari 2024. Disahkan oleh Pj. Sekretaris Daerah Kota Pagar Alam.
Pendataan ketersediaan pelaku usaha dan analisis kebutuhan pembinaan serta rekrutmen penyedia, sebagai dasar strategi pembinaan penyedia.
Keterkaitan: SOP Pencatatan Kinerja Penyedia; SOP Rekrutmen Penyedia; SOP Pembinaan Pelaku Usaha.
Dasar hukum (ringkas): UU 25/2009 tentang Pelayanan Publik; Perpres 12/2021 tentang Perubahan atas Perpres 16/2018 tentang Pengadaan Barang/Jasa Pemerintah; Permen PANRB 35/2012 tentang Pedoman Penyusunan SOP Administrasi Pemerintahan; Peraturan LKPP 4/2021 tentang Pembinaan Pelaku Usaha Pengadaan Barang/Jasa; Peraturan Kepala LKPP 1/2015 tentang e-Tendering.""",
    lanes=[KA, LPSE, TIM],
    start_name="Mulai",
    start_lane=LPSE,
    nodes=[
        Step("1", "Menyusun tim pendataan dan analisis pengelolaan penyedia", LPSE,
             waktu="30 menit", duration="PT30M", outputs=["Notulen hasil rapat"],
             fields=[text("team_members", "Susunan tim pendataan dan analisis", long=True)]),
        Step("2", "Melakukan pendataan ketersediaan pelaku usaha berdasarkan review terhadap "
                  "kebutuhan pelaku usaha", TIM,
             doc="Pendataan dilakukan melalui sub-kegiatan a, b dan c (dikerjakan bersamaan "
                 "sesudah langkah ini). Batas waktu 10 hari tertulis pada baris langkah 2.",
             kelengkapan=["SIRUP maupun SIKAP", "Data di OPD teknis"],
             waktu="10 hari", duration="P10D", outputs=[]),
        Parallel("fork_02", "Pendataan a, b, c", targets=["step_02a", "step_02b", "step_02c"]),
        Step("2a", "Pendataan sesuai program kerja", TIM,
             kelengkapan=["Program kerja UKPBJ"], outputs=["Hasil pendataan pelaku usaha"],
             fields=[number("providers_recorded", "Jumlah pelaku usaha terdata",
                            required=False)],
             next="join_02"),
        Step("2b", "Pendataan kebutuhan barang/jasa sesuai jenis pengadaan", TIM,
             kelengkapan=["Data SIKAP"], outputs=["Hasil pendataan pelaku usaha"],
             fields=[number("providers_recorded", "Jumlah pelaku usaha terdata",
                            required=False)],
             next="join_02"),
        Step("2c", "Pendataan kebutuhan kinerja pelaku usaha di SIKAP", TIM,
             kelengkapan=["Data SIKAP dan Laporan Hasil Penilaian Kinerja dari PPK"],
             outputs=["Hasil pendataan pelaku usaha"],
             fields=[number("providers_recorded", "Jumlah pelaku usaha terdata",
                            required=False)],
             next="join_02"),
        Parallel("join_02", "Pendataan selesai"),
        Step("3", "Merekapitulasi hasil survei pendataan dan melaporkan hasil pendataan ke "
                  "Kasubag LPSE", TIM,
             kelengkapan=["Data survei pendataan", "SIRUP, SIKAP"],
             waktu="1 hari", duration="P1D", outputs=["Dokumen pendataan pelaku usaha"]),
        Step("4", "Melakukan review dan analisis kebutuhan pelaku usaha", LPSE,
             doc="Analisis dilakukan melalui sub-kegiatan a dan b (dikerjakan bersamaan "
                 "sesudah langkah ini, masing-masing 2 hari dalam batas 4 hari).",
             kelengkapan=["Dokumen pendataan pelaku usaha"],
             waktu="4 hari", duration="P4D", outputs=[]),
        Parallel("fork_04", "Analisis a, b", targets=["step_04a", "step_04b"]),
        Step("4a", "Analisis kebutuhan pembinaan pelaku usaha", LPSE,
             waktu="2 hari", duration="P2D",
             outputs=["Dokumen hasil analisis kebutuhan pembinaan pelaku usaha"],
             next="join_04"),
        Step("4b", "Analisis kebutuhan recruitment penyedia", LPSE,
             waktu="2 hari", duration="P2D",
             outputs=["Dokumen hasil analisis recruitment penyedia"],
             next="join_04"),
        Parallel("join_04", "Analisis selesai"),
        Step("5", "Menyusun dokumen perencanaan analisis ketersediaan pelaku usaha", LPSE,
             waktu="3 hari", duration="P3D",
             outputs=["Dokumen hasil analisis recruitment penyedia"],
             attachments=["Dokumen perencanaan analisis ketersediaan pelaku usaha"]),
        Step("6", "Menerima hasil laporan dan memberikan arahan untuk tindak lanjut strategi "
                  "pembinaan penyedia", KA,
             waktu="-", outputs=[],
             fields=[text("direction", "Arahan tindak lanjut strategi pembinaan", long=True)]),
        End("end", "Selesai: arahan tindak lanjut diberikan", lane=KA),
    ],
    notes=[
        'Pihak: semua lajur di unit yang sama (internal); tidak ada atas nama; satu pemulai.',
        "Lajur mengikuti kolom Pelaksanaan tabel: 'KA UKPBJ', 'Kasubag LPSE', 'Tim Pendataan "
        "dan Analisis' (nama yang sama dengan SOP Pembinaan Pelaku Usaha, jadi peran yang sama). "
        "Kualifikasi Pelaksana menyebut 'Tim Pembinaan' (disalin dari SOP Pembinaan); kolom "
        "tabel dipakai.",
        "Langkah 1: simbol 'Mulai' di kolom Kasubag LPSE, jadi peristiwa mulai dan langkah 1 di "
        "lajur Kasubag LPSE. Langkah 6: 'Selesai' di kolom KA UKPBJ; langkah 6 (menerima "
        "laporan, memberi arahan) dan peristiwa akhir di lajur KA UKPBJ.",
        "Sub-kegiatan 2a-2c (tanda 'a,b,c' di kolom Tim) dan 4a-4b (tanda 'a,b' di kolom "
        "Kasubag LPSE) tanpa kata 'jika': dimodelkan paralel sesudah langkah induknya, digabung "
        "sebelum langkah berikutnya (sama seperti langkah 7 SOP Pembinaan Pelaku Usaha).",
        "Waktu langkah 2 (10 hari) dan 4 (4 hari) tertulis pada baris induk: timer dipasang pada "
        "tugas induk. Sub-kegiatan 2a-2c tidak punya Waktu sendiri (tanpa timer); 4a dan 4b "
        "masing-masing 2 hari (P2D; jumlahnya sama dengan 4 hari langkah 4). Mesin hanya "
        "mengawasi tugas yang terbuka, jadi batas 10 hari untuk seluruh pendataan 2a-2c tidak "
        "diawasi sebagai satu kesatuan.",
        "Output 4a, 4b dan 5 tertulis sama: 'Dokumen hasil analisi recruitment penyedia' (sel "
        "tersalin). Untuk 4a dipakai 'Dokumen hasil analisis kebutuhan pembinaan pelaku usaha'; "
        "4b dan 5 sesuai teks (ejaan 'analisi' -> 'analisis'); lampiran langkah 5 diberi nama "
        "dokumen yang disusun ('Dokumen perencanaan analisis ketersediaan pelaku usaha').",
        "Langkah 1: Output 'Notulen hasil rapat' menunjukkan tim disusun dalam rapat; tanpa "
        "Perlengkapan. Langkah 6 tanpa Waktu dan Output: tanpa timer, formulir mencatat arahan.",
        "Ejaan: 'pedataan' -> 'pendataan'; 'strategi pembinaan hasil penyedia' -> 'strategi "
        "pembinaan penyedia' pada nama langkah 6.",
        "Tidak ada keputusan (jika/koreksi) dalam teks SOP ini: tidak ada gateway eksklusif.",
    ],
)
